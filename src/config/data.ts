/** A YAML mapping as plain data. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Entries of a mapping; none when the value is something else (its schema reports that). */
export function mappingEntries(value: unknown): [string, unknown][] {
  return isMapping(value) ? Object.entries(value) : [];
}
