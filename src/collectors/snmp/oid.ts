/** Numeric OIDs as dotted strings without a leading dot: "1.3.6.1.2.1.1.3.0". */

export function normalizeOid(oid: string): string {
  return oid.startsWith('.') ? oid.slice(1) : oid;
}

/** True when `oid` lies strictly below `prefix` (a column's instances, a table's rows). */
export function isBelow(prefix: string, oid: string): boolean {
  return oid.length > prefix.length + 1 && oid.charCodeAt(prefix.length) === 46 && oid.startsWith(prefix);
}

/** The index part of an instance OID below `prefix` ("5" for ifName.5), or undefined when not below. */
export function indexBelow(prefix: string, oid: string): string | undefined {
  return isBelow(prefix, oid) ? oid.slice(prefix.length + 1) : undefined;
}
