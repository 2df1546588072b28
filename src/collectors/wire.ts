/**
 * A minimal protobuf wire reader for hot paths that decode straight from the
 * received bytes into samples, without building message objects. Reads are
 * bounds-checked: a truncated or malformed message throws WireError.
 */
export class WireError extends Error {}

const TWO_POW_32 = 4_294_967_296;

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export class WireReader {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  /** High 32 bits of the last varint64(): the low bits are its return value. */
  high = 0;

  reset(buf: Buffer, pos = 0): this {
    this.buf = buf;
    this.pos = pos;
    return this;
  }

  /** A varint of at most 32 significant bits (tags, lengths, enums, uint32, bool). */
  uint32(): number {
    const buf = this.buf;
    // Most tags and lengths are one byte.
    const first = buf[this.pos];
    if (first !== undefined && first < 0x80) {
      this.pos++;
      return first;
    }
    let value = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= buf.length) throw new WireError('truncated varint');
      const byte = buf[this.pos++]!;
      if (shift < 28) value |= (byte & 0x7f) << shift;
      else if (shift === 28) value |= (byte & 0x0f) << 28;
      if (byte < 0x80) return value >>> 0;
      shift += 7;
      if (shift > 63) throw new WireError('varint longer than 10 bytes');
    }
  }

  /** A 64-bit varint: returns the low 32 bits (unsigned) and leaves the high 32 bits in `high`. */
  varint64(): number {
    const buf = this.buf;
    let low = 0;
    let high = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= buf.length) throw new WireError('truncated varint');
      const byte = buf[this.pos++]!;
      const bits = byte & 0x7f;
      if (shift < 28) low |= bits << shift;
      else if (shift === 28) {
        low |= bits << 28;
        high |= bits >>> 4;
      } else high |= bits << (shift - 32);
      if (byte < 0x80) break;
      shift += 7;
      if (shift > 63) throw new WireError('varint longer than 10 bytes');
    }
    this.high = high >>> 0;
    return low >>> 0;
  }

  /** End offset of a length-delimited field whose tag was just read; `pos` is at its start. */
  lengthEnd(): number {
    const length = this.uint32();
    const end = this.pos + length;
    if (end > this.buf.length) throw new WireError('length beyond the end of the message');
    return end;
  }

  double(): number {
    if (this.pos + 8 > this.buf.length) throw new WireError('truncated double');
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  float(): number {
    if (this.pos + 4 > this.buf.length) throw new WireError('truncated float');
    const value = this.buf.readFloatLE(this.pos);
    this.pos += 4;
    return value;
  }

  string(end: number): string {
    const text = this.buf.toString('utf8', this.pos, end);
    this.pos = end;
    return text;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_LEN:
        this.pos = this.lengthEnd();
        return;
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      default:
        throw new WireError(`unsupported wire type ${wireType}`);
    }
    if (this.pos > this.buf.length) throw new WireError('truncated field');
  }
}

/** Unsigned 64-bit from two words: a number below 2^53, a bigint above. */
export function unsigned64(low: number, high: number): number | bigint {
  if (high <= 0x1f_ffff) return high * TWO_POW_32 + low;
  return (BigInt(high) << 32n) | BigInt(low);
}

/** Signed (two's complement) 64-bit from two words: a number when |v| < 2^53, a bigint otherwise. */
export function signed64(low: number, high: number): number | bigint {
  if (high < 0x8000_0000) return unsigned64(low, high);
  // Negative: -(2^64 - v).
  const negHigh = ~high >>> 0;
  const negLow = (~low + 1) >>> 0;
  const carry = negLow === 0 ? 1 : 0;
  const magnitudeHigh = (negHigh + carry) >>> 0;
  if (magnitudeHigh <= 0x1f_ffff) return -(magnitudeHigh * TWO_POW_32 + negLow);
  return -((BigInt(magnitudeHigh) << 32n) | BigInt(negLow));
}

/** Signed 64-bit as an exact bigint. */
export function signed64Big(low: number, high: number): bigint {
  return BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low));
}
