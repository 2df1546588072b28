import { TagInterner } from '../../../src/collectors/tag-interner';

test('one frozen tags object per measurement and tag set', () => {
  const interner = new TagInterner();
  const a = interner.intern('ifTable', { agent: 'r1', ifIndex: '1' });
  expect(interner.intern('ifTable', { agent: 'r1', ifIndex: '1' })).toBe(a);
  expect(Object.isFrozen(a)).toBe(true);
  expect(interner.intern('ifTable', { agent: 'r1', ifIndex: '2' })).not.toBe(a);
  expect(interner.intern('other', { agent: 'r1', ifIndex: '1' })).not.toBe(a);
});

test.each([
  ['a separator inside a value', { a: 'x\u0000b\u0000y' }, { a: 'x', b: 'y' }],
  ['a name that looks like a length', { '1:a': 'b' }, { '1': 'a', a: 'b' }],
  ['a value moved into the name', { ab: '' }, { a: 'b' }],
])('tag sets that only look alike stay apart: %s', (_name, one, two) => {
  const interner = new TagInterner();
  expect(interner.intern('m', one)).not.toBe(interner.intern('m', two));
});

test('keeps what the last two generations used', () => {
  const interner = new TagInterner();
  const a = interner.intern('m', { k: 'a' });
  const b = interner.intern('m', { k: 'b' });
  interner.nextGeneration();
  expect(interner.intern('m', { k: 'a' })).toBe(a);
  interner.nextGeneration();
  expect(interner.intern('m', { k: 'a' })).toBe(a); // used in the previous generation
  expect(interner.intern('m', { k: 'b' })).not.toBe(b); // last used two generations ago
});

test('a stream interner starts a new generation when the current one is full', () => {
  const interner = new TagInterner(2);
  const a = interner.intern('m', { k: 'a' });
  const b = interner.intern('m', { k: 'b' });
  interner.intern('m', { k: 'c' }); // full: a and b move to the previous generation
  expect(interner.intern('m', { k: 'a' })).toBe(a);
  interner.intern('m', { k: 'd' }); // full again (c, a): they move, b is forgotten
  expect(interner.intern('m', { k: 'a' })).toBe(a);
  expect(interner.intern('m', { k: 'b' })).not.toBe(b);
});
