/** A 64-bit integer as protobufjs decodes it: a Long (two 32-bit words), or a number when it was set from JS. */
export type Int64 = { readonly low: number; readonly high: number; readonly unsigned: boolean } | number;

const TWO_POW_32 = 4_294_967_296;
/** Largest `high` word whose value stays below 2^53. */
const SAFE_HIGH = 0x1f_ffff;

/** Exact value as a bigint. */
export function int64ToBigInt(value: Int64): bigint {
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  const unsigned = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return value.unsigned ? unsigned : BigInt.asIntN(64, unsigned);
}

/** A number when it is exact (|v| < 2^53), a bigint otherwise: never a lossy conversion. */
export function int64ToField(value: Int64): number | bigint {
  if (typeof value === 'number') return value;
  const high = value.high;
  if (value.unsigned || high >= 0) {
    if (high >>> 0 <= SAFE_HIGH) return (high >>> 0) * TWO_POW_32 + (value.low >>> 0);
  } else if (high >= -SAFE_HIGH - 1 && !(high === -SAFE_HIGH - 1 && value.low >>> 0 === 0)) {
    return high * TWO_POW_32 + (value.low >>> 0);
  }
  return int64ToBigInt(value);
}

/** Nanoseconds since the epoch → whole milliseconds, exactly (floor). */
export function nanosToMillis(nanos: bigint): number {
  const ms = nanos / 1_000_000n;
  return Number(nanos < 0n && nanos % 1_000_000n !== 0n ? ms - 1n : ms);
}
