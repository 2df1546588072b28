import Long from 'long';
import { int64ToField, nanosToMillis } from '../../../src/collectors/long';

const long = (text: string, unsigned = false) => Long.fromString(text, unsigned);

test.each([
  ['0', false, 0],
  ['1500', false, 1500],
  ['-1', false, -1],
  ['9007199254740991', false, 9007199254740991],
  ['-9007199254740991', false, -9007199254740991],
  ['9007199254740992', false, 9007199254740992n],
  ['-9007199254740992', false, -9007199254740992n],
  ['9223372036854775807', false, 9223372036854775807n],
  ['-9223372036854775808', false, -9223372036854775808n],
  ['18446744073709551615', true, 18446744073709551615n],
  ['4294967296', true, 4294967296],
])('int64ToField(%s, unsigned %s) = %p: exact, a number only when safe', (text, unsigned, expected) => {
  expect(int64ToField(long(text, unsigned))).toBe(expected);
  expect(BigInt(int64ToField(long(text, unsigned)))).toBe(BigInt(text));
});

test('plain numbers pass through', () => {
  expect(int64ToField(42)).toBe(42);
});

test.each([
  [1_795_308_853_551_260_242n, 1_795_308_853_551],
  [999_999n, 0],
  [-1n, -1],
  [-1_000_000n, -1],
])('nanosToMillis(%p) = %p (floor, exact)', (nanos, ms) => {
  expect(nanosToMillis(nanos)).toBe(ms);
});
