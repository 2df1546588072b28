import type { Tags } from './sample';

/*
 * A series key is measurement + sorted tags + field, escaped like InfluxDB line
 * protocol so that the key is unambiguous: `cpu,host=r1,region=eu#usage`.
 * The key functions never throw, whatever the input: a key is used as a Map
 * key on the hot path and one bad sample must not break a stream.
 */

// Exactly what line protocol treats as special (space, not every whitespace),
// plus the backslash so that keys stay unambiguous, plus CR and LF, which
// would split a record: they are written as the two characters `\n`, `\r`.
const MEASUREMENT_SPECIAL = /[, \\\n\r]/g;
const TAG_SPECIAL = /[,= \\\n\r]/g;
const FIELD_SPECIAL = /[#\\]/g;

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  return `\\${c}`;
}

function escapeWith(value: unknown, pattern: RegExp): string {
  const text = typeof value === 'string' ? value : String(value);
  pattern.lastIndex = 0;
  return pattern.test(text) ? text.replace(pattern, escapeChar) : text;
}

/** Escapes a measurement name for line protocol (commas, spaces, backslashes, line breaks). */
export function escapeMeasurement(name: unknown): string {
  return escapeWith(name, MEASUREMENT_SPECIAL);
}

/** Escapes a tag key or value for line protocol (commas, equals signs, spaces, backslashes, line breaks). */
export function escapeTag(text: unknown): string {
  return escapeWith(text, TAG_SPECIAL);
}

/**
 * Sorted `,k=v` pairs of a tag set. Empty values are left out, as InfluxDB
 * does. Collectors reuse one tags object per series, so the result is cached
 * per object.
 */
const tagSuffixCache = new WeakMap<object, string>();

export function tagSuffix(tags: Tags): string {
  if (tags === null || typeof tags !== 'object') return '';
  const cached = tagSuffixCache.get(tags);
  if (cached !== undefined) return cached;
  const pairs: string[] = [];
  for (const name of Object.keys(tags).sort()) {
    const value = tags[name];
    if (value === undefined || value === null || value === '') continue;
    pairs.push(`,${escapeTag(name)}=${escapeTag(value)}`);
  }
  // Joined rather than concatenated: the cached string is one flat string, not a tree of cons strings.
  const suffix = pairs.join('');
  tagSuffixCache.set(tags, suffix);
  return suffix;
}

/** Identity of measurement + tags, shared by every field of a sample. */
export function seriesPrefix(measurement: string, tags: Tags): string {
  return escapeMeasurement(measurement) + tagSuffix(tags);
}

/** The key of one numeric field of one series. */
export function seriesKey(measurement: string, tags: Tags, field: string): string {
  return `${seriesPrefix(measurement, tags)}#${escapeWith(field, FIELD_SPECIAL)}`;
}

/** Appends a field to a prefix built with seriesPrefix. */
export function fieldKey(prefix: string, field: string): string {
  return `${prefix}#${escapeWith(field, FIELD_SPECIAL)}`;
}
