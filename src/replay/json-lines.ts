import type { FieldValue, Sample, Tags } from '../core';
import { SCORE_MEASUREMENT } from '../sinks/records';
import { ReplayInputError } from './csv';

/**
 * The samples of a JSON-lines file written by the file sink (see
 * sinks/json-lines.ts); score records are skipped. Counter64 fields, written
 * as decimal strings, come back as bigint.
 */
export function parseSampleLines(text: string, file: string): Sample[] {
  const samples: Sample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new ReplayInputError(file, i + 1, 'not a JSON object');
    }
    const sample = toSample(record);
    if (typeof sample === 'string') throw new ReplayInputError(file, i + 1, sample);
    if (sample !== undefined) samples.push(sample);
  }
  return samples;
}

/** The sample a record holds, undefined for a score record, or what is wrong with it. */
function toSample(record: unknown): Sample | undefined | string {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'not a JSON object';
  const { measurement, tags, fields, time, source, kinds } = record as Record<string, unknown>;
  if (typeof measurement !== 'string' || measurement === '') return 'no "measurement" string';
  if (measurement === SCORE_MEASUREMENT) return undefined;
  if (typeof time !== 'number' || !Number.isFinite(time)) return 'no numeric "time" (epoch ms)';
  if (!isStringRecord(tags)) return '"tags" is not an object of strings';
  if (typeof fields !== 'object' || fields === null) return 'no "fields" object';
  const kindMap = typeof kinds === 'object' && kinds !== null ? (kinds as Record<string, string>) : undefined;
  const parsed: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string' && kindMap?.[name] !== undefined && /^\d+$/.test(value))
      parsed[name] = BigInt(value);
    else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
      parsed[name] = value;
  }
  return {
    measurement,
    tags: tags as Tags,
    fields: parsed,
    time,
    source: typeof source === 'string' ? source : 'replay',
    ...(kindMap === undefined ? {} : { kinds: kindMap as Sample['kinds'] }),
  };
}

function isStringRecord(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
