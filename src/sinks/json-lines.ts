import type { Fields, NoctuaEvent, Sample, Score } from '../core';
import {
  EVENT_MEASUREMENT,
  eventFields,
  eventTags,
  SCORE_MEASUREMENT,
  scoreFields,
  scoreTags,
} from './records';

/*
 * JSON lines: one JSON object per line, the same records as line protocol.
 * - a sample is the Sample itself: {measurement, tags, fields, time, source, kinds?};
 * - a score is {measurement: "noctua_score", tags, fields, time} (see records.ts);
 * - an event is {measurement: "noctua_event", tags, fields, time} (see records.ts).
 * `time` is epoch milliseconds (`time_ns`, a decimal string, the exact
 * nanoseconds when the source gave them). bigint fields (counter64) are written as
 * decimal strings, because JSON.parse would round numbers above 2^53; `kinds`
 * tells a reader which fields are counters. NaN and ±Infinity fields are left
 * out, and a record left with no field encodes to ''.
 */

export function encodeSampleJson(sample: Sample): string {
  const fields = jsonFields(sample.fields);
  if (fields === undefined || !Number.isFinite(sample.time)) return '';
  return JSON.stringify({
    measurement: sample.measurement,
    tags: sample.tags,
    fields,
    time: sample.time,
    source: sample.source,
    kinds: sample.kinds,
    time_ns: sample.timeNs?.toString(),
  });
}

export function encodeScoreJson(score: Score): string {
  const fields = scoreFields(score);
  if (Object.keys(fields).length === 0 || !Number.isFinite(score.point.time)) return '';
  return JSON.stringify({
    measurement: SCORE_MEASUREMENT,
    tags: scoreTags(score),
    fields,
    time: score.point.time,
  });
}

export function encodeEventJson(event: NoctuaEvent): string {
  if (!Number.isFinite(event.time)) return '';
  return JSON.stringify({
    measurement: EVENT_MEASUREMENT,
    tags: eventTags(event),
    fields: eventFields(event),
    time: event.time,
  });
}

type JsonFieldValue = number | string | boolean;

function jsonFields(fields: Fields): Record<string, JsonFieldValue> | undefined {
  let result: Record<string, JsonFieldValue> | undefined;
  for (const name of Object.keys(fields)) {
    const value = fields[name]!;
    if (typeof value === 'number' && !Number.isFinite(value)) continue;
    result ??= {};
    result[name] = typeof value === 'bigint' ? value.toString() : value;
  }
  return result;
}
