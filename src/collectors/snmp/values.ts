import { ObjectType, type Varbind } from 'net-snmp';
import type { FieldKind, FieldValue } from '../../core';

export interface DecodedValue {
  readonly value: FieldValue;
  /** Absent for gauges. */
  readonly kind?: FieldKind;
}

/**
 * A varbind's value as a sample field: integers, gauges and time ticks as
 * numbers; Counter32 as a number of kind counter32; Counter64 (a big-endian
 * Buffer from net-snmp) as a bigint of kind counter64; octet strings as text
 * when they are printable UTF-8, else as colon-separated hex (like a MAC
 * address); IpAddress and OID values as strings. Undefined for exceptions
 * (noSuchObject, noSuchInstance, endOfMibView), NULL, and anything malformed.
 */
export function decodeVarbind(varbind: Varbind): DecodedValue | undefined {
  const { type, value } = varbind;
  switch (type) {
    case ObjectType.Integer:
    case ObjectType.Gauge:
    case ObjectType.TimeTicks:
      return typeof value === 'number' ? { value } : undefined;
    case ObjectType.Counter:
      return typeof value === 'number' ? { value, kind: 'counter32' } : undefined;
    case ObjectType.Counter64:
      return Buffer.isBuffer(value) ? { value: unsignedBigInt(value), kind: 'counter64' } : undefined;
    case ObjectType.OctetString:
    case ObjectType.Opaque:
      return Buffer.isBuffer(value) ? { value: octetsAsText(value) } : undefined;
    case ObjectType.IpAddress:
    case ObjectType.OID:
      return typeof value === 'string' ? { value } : undefined;
    case ObjectType.Boolean:
      return typeof value === 'boolean' ? { value } : undefined;
    default:
      return undefined;
  }
}

/** Big-endian unsigned integer of any length. */
export function unsignedBigInt(bytes: Buffer): bigint {
  let result = 0n;
  for (const byte of bytes) result = (result << 8n) | BigInt(byte);
  return result;
}

/** Printable UTF-8 as text; anything else (binary, control characters) as "00:1a:2b". */
export function octetsAsText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what marks binary data
  const printable = !/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.test(text);
  if (printable) return text;
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(':');
}

/** A value as tag text: bigint and numbers in decimal. */
export function asTagValue(value: FieldValue): string {
  return typeof value === 'string' ? value : String(value);
}
