import type { NoctuaEvent, Score, Tags } from '../core';

/*
 * A score is stored like a sample of its own: measurement `noctua_score`, the
 * series' tags plus the tags below, and the detector's numbers as fields. Both
 * encodings (line protocol and JSON lines) build it from here.
 */

export const SCORE_MEASUREMENT = 'noctua_score';

/**
 * Tag sets of scores, one object per series × field (a series has one rule and
 * detector at a time; a change replaces the entry), reused
 * so that the pre-escaped prefix cached per tags object stays valid. Held
 * weakly by the series' own tags object, so it lives as long as the series.
 */
const scoreTagCache = new WeakMap<Tags, Map<string, Tags>>();

/** The series' tags plus `measurement`, `field`, `rule` and `detector` (these win over series tags of the same name). */
export function scoreTags(score: Score): Tags {
  const { sample, field } = score.point;
  let byScore = scoreTagCache.get(sample.tags);
  if (byScore === undefined) {
    byScore = new Map();
    scoreTagCache.set(sample.tags, byScore);
  }
  // The series key string is reused by detection, so its hash is computed once.
  const id = score.point.key;
  let tags = byScore.get(id);
  if (tags === undefined || tags.rule !== score.rule || tags.detector !== score.detector) {
    tags = {
      ...sample.tags,
      measurement: sample.measurement,
      field,
      rule: score.rule,
      detector: score.detector,
    };
    byScore.set(id, tags);
  }
  return tags;
}

/** `score`, `value`, `expected`, `lower`, `upper`: those present and finite. */
export function scoreFields(score: Score): Record<string, number> {
  const fields: Record<string, number> = {};
  addFinite(fields, 'score', score.score);
  addFinite(fields, 'value', score.point.value);
  addFinite(fields, 'expected', score.expected);
  addFinite(fields, 'lower', score.lower);
  addFinite(fields, 'upper', score.upper);
  return fields;
}

function addFinite(fields: Record<string, number | string>, name: string, value: number | undefined): void {
  if (value !== undefined && Number.isFinite(value)) fields[name] = value;
}

/*
 * An event is stored as measurement `noctua_event`: its tags plus `event`
 * (the type) and `state`, and the fields `text`, `score`, `value` (those
 * present). Grafana annotations read it.
 */

export const EVENT_MEASUREMENT = 'noctua_event';

export function eventTags(event: NoctuaEvent): Tags {
  return { ...event.tags, event: event.type, state: event.state };
}

export function eventFields(event: NoctuaEvent): Record<string, number | string> {
  const fields: Record<string, number | string> = { text: event.text };
  addFinite(fields, 'score', event.score);
  addFinite(fields, 'value', event.value);
  return fields;
}
