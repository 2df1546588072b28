import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  BYTE_ORDERS,
  type ByteOrder,
  decodeRegisters,
  REGISTER_TYPES,
  type RegisterType,
  scaleValue,
  toBigEndian,
} from '../../../../src/collectors/modbus/decode';

/*
 * Golden cases, one file per type under testcases/decode/: wire bytes → value,
 * for every byte order. The files were packed with Python's struct module, so
 * they do not share a line of logic with the decoder under test.
 */

interface GoldenCase {
  order: ByteOrder;
  wire: string;
  bit?: number;
  value: number | string | boolean;
}

const CASES = join(__dirname, 'testcases', 'decode');
const files = readdirSync(CASES).sort();

test('there is a golden file for every type, and every file covers every byte order', () => {
  expect(files).toEqual([...REGISTER_TYPES].map((type) => `${type}.yaml`).sort());
  for (const file of files) {
    const cases = parse(readFileSync(join(CASES, file), 'utf8')) as GoldenCase[];
    expect(new Set(cases.map((c) => c.order))).toEqual(new Set(BYTE_ORDERS));
  }
});

describe.each(files)('%s', (file) => {
  const type = file.replace('.yaml', '') as RegisterType;
  const cases = parse(readFileSync(join(CASES, file), 'utf8')) as GoldenCase[];
  test.each(cases.map((c) => [c.order, c.wire, c.bit ?? '', c.value, c] as const))(
    '%s %s %s → %s',
    (order, wire, _bit, value, golden) => {
      const decoded = decodeRegisters(Buffer.from(wire.replace(/ /g, ''), 'hex'), type, order, golden.bit);
      const expected = type === 'int64' || type === 'uint64' ? BigInt(value as string) : value;
      expect(decoded).toBe(expected);
    },
  );
});

test('toBigEndian leaves its input alone', () => {
  const wire = Buffer.from('01020304', 'hex');
  expect(toBigEndian(wire, 'DCBA').toString('hex')).toBe('04030201');
  expect(wire.toString('hex')).toBe('01020304');
});

test('a wrong number of bytes is a clear error', () => {
  expect(() => decodeRegisters(Buffer.from('0102', 'hex'), 'float32', 'ABCD')).toThrow(
    'float32 needs 4 bytes, got 2',
  );
});

test.each([
  ['unscaled integers keep their type', 1234, 1, 0, 1234],
  ['unscaled bigints stay bigints', 2n ** 60n + 1n, 1, 0, 2n ** 60n + 1n],
  ['scale then offset', 1234, 0.1, -40, 83.4],
  ['scaled bigints become floats', 2n ** 53n, 2, 0, 2 ** 54],
  ['offset alone', -5, 1, 10, 5],
  ['booleans are never scaled', true, 10, 3, true],
] as const)('scaleValue: %s', (_what, value, scale, offset, expected) => {
  const scaled = scaleValue(value, scale, offset);
  if (typeof expected === 'number' && !Number.isInteger(expected)) expect(scaled).toBeCloseTo(expected, 10);
  else expect(scaled).toBe(expected);
});
