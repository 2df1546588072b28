/*
 * Pure decoding of Modbus register contents: no I/O. Registers arrive as the
 * bytes on the wire (two per register, as the device sent them); the byte
 * order says how those bytes map onto the value's big-endian bytes.
 */

export const REGISTER_TYPES = [
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'float32',
  'float64',
  'bit',
] as const;
export type RegisterType = (typeof REGISTER_TYPES)[number];

/**
 * The value's bytes A (most significant) to D as they appear on the wire:
 * ABCD big-endian; DCBA little-endian; BADC bytes swapped within each
 * register; CDAB registers (words) swapped. For 64-bit values the same rule
 * extends to eight bytes; for 16-bit values only the byte swap matters.
 */
export const BYTE_ORDERS = ['ABCD', 'DCBA', 'BADC', 'CDAB'] as const;
export type ByteOrder = (typeof BYTE_ORDERS)[number];

export type DecodedValue = number | bigint | boolean;

/** Registers a type occupies. */
export const REGISTER_COUNT: Readonly<Record<RegisterType, number>> = {
  int16: 1,
  uint16: 1,
  bit: 1,
  int32: 2,
  uint32: 2,
  float32: 2,
  int64: 4,
  uint64: 4,
  float64: 4,
};

const swapsBytes = (order: ByteOrder) => order === 'DCBA' || order === 'BADC';
const swapsWords = (order: ByteOrder) => order === 'DCBA' || order === 'CDAB';

/** The value's bytes in big-endian order, from `wire` (a copy; `wire` is not changed). */
export function toBigEndian(wire: Uint8Array, order: ByteOrder): Buffer {
  const words = wire.length >> 1;
  const out = Buffer.allocUnsafe(words * 2);
  for (let word = 0; word < words; word++) {
    const from = (swapsWords(order) ? words - 1 - word : word) * 2;
    const [high, low] = swapsBytes(order) ? [wire[from + 1]!, wire[from]!] : [wire[from]!, wire[from + 1]!];
    out[word * 2] = high;
    out[word * 2 + 1] = low;
  }
  return out;
}

/**
 * Decodes one value from exactly REGISTER_COUNT[type] registers of wire bytes.
 * 64-bit integers are bigints (a number cannot hold every value beyond 2^53);
 * `bit` is bit `bit` (0 = least significant) of the 16-bit value.
 */
export function decodeRegisters(
  wire: Uint8Array,
  type: RegisterType,
  order: ByteOrder,
  bit = 0,
): DecodedValue {
  const expected = REGISTER_COUNT[type] * 2;
  if (wire.length !== expected) {
    throw new RangeError(`${type} needs ${expected} bytes, got ${wire.length}`);
  }
  const bytes = toBigEndian(wire, order);
  switch (type) {
    case 'int16':
      return bytes.readInt16BE(0);
    case 'uint16':
      return bytes.readUInt16BE(0);
    case 'bit':
      return ((bytes.readUInt16BE(0) >> bit) & 1) === 1;
    case 'int32':
      return bytes.readInt32BE(0);
    case 'uint32':
      return bytes.readUInt32BE(0);
    case 'float32':
      return bytes.readFloatBE(0);
    case 'int64':
      return bytes.readBigInt64BE(0);
    case 'uint64':
      return bytes.readBigUInt64BE(0);
    case 'float64':
      return bytes.readDoubleBE(0);
    default: {
      const unknown: never = type;
      throw new Error(`unknown register type ${String(unknown)}`);
    }
  }
}

/**
 * value × scale + offset. Without scaling, integers keep their exact type
 * (bigints stay bigints); with it the result is a float. Booleans are never scaled.
 */
export function scaleValue(value: DecodedValue, scale: number, offset: number): DecodedValue {
  if (typeof value === 'boolean' || (scale === 1 && offset === 0)) return value;
  return Number(value) * scale + offset;
}
