import { signed64, unsigned64 } from './wire';

/** A 64-bit integer as protobufjs decodes it: a Long (two 32-bit words), or a number when it was set from JS. */
export type Int64 = { readonly low: number; readonly high: number; readonly unsigned: boolean } | number;

/** A number when it is exact (|v| < 2^53), a bigint otherwise: never a lossy conversion. */
export function int64ToField(value: Int64): number | bigint {
  if (typeof value === 'number') return value;
  return value.unsigned
    ? unsigned64(value.low >>> 0, value.high >>> 0)
    : signed64(value.low >>> 0, value.high >>> 0);
}

/** Nanoseconds since the epoch → whole milliseconds, exactly (floor). */
export function nanosToMillis(nanos: bigint): number {
  const ms = nanos / 1_000_000n;
  return Number(nanos < 0n && nanos % 1_000_000n !== 0n ? ms - 1n : ms);
}
