import { ByteKeyCache } from '../../../src/collectors/byte-key-cache';

const bytes = (text: string) => Buffer.from(text);

test('finds values by a byte range of any buffer, not by identity', () => {
  const cache = new ByteKeyCache<string>(10);
  const buf = bytes('xxabcyy');
  cache.set(buf, 2, 5, 'abc');
  expect(cache.get(bytes('abc'), 0, 3)).toBe('abc');
  expect(cache.get(bytes('zabcz'), 1, 4)).toBe('abc');
  expect(cache.get(bytes('abd'), 0, 3)).toBeUndefined();
  expect(cache.get(bytes('ab'), 0, 2)).toBeUndefined();
  buf.write('ZZZ', 2); // the cache kept its own copy of the key
  expect(cache.get(bytes('abc'), 0, 3)).toBe('abc');
});

test('getAt remembers the entry per slot and still answers right when the slot moves on', () => {
  const cache = new ByteKeyCache<number>(10);
  cache.set(bytes('a'), 0, 1, 1);
  cache.set(bytes('b'), 0, 1, 2);
  expect(cache.getAt(0, bytes('a'), 0, 1)).toBe(1);
  expect(cache.getAt(0, bytes('a'), 0, 1)).toBe(1);
  expect(cache.getAt(0, bytes('b'), 0, 1)).toBe(2);
  expect(cache.getAt(0, bytes('c'), 0, 1)).toBeUndefined();
  expect(cache.getAt(1, bytes('b'), 0, 1)).toBe(2);
});

test('starts over when full (and forgets the slots)', () => {
  const cache = new ByteKeyCache<number>(2);
  cache.set(bytes('a'), 0, 1, 1);
  cache.set(bytes('b'), 0, 1, 2);
  expect(cache.getAt(0, bytes('a'), 0, 1)).toBe(1);
  cache.set(bytes('c'), 0, 1, 3);
  expect(cache.get(bytes('a'), 0, 1)).toBeUndefined();
  expect(cache.getAt(0, bytes('a'), 0, 1)).toBeUndefined();
  expect(cache.get(bytes('c'), 0, 1)).toBe(3);
});

test('an empty range is a key like any other', () => {
  const cache = new ByteKeyCache<string>(4);
  cache.set(bytes(''), 0, 0, 'root');
  expect(cache.get(bytes('abc'), 1, 1)).toBe('root');
});
