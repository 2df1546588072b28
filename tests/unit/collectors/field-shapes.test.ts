import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { FieldList, FieldShapes } from '../../../src/collectors/field-shapes';
import type { FieldValue } from '../../../src/core';

/** What assigning the fields one by one as own data properties gives. */
function reference(names: readonly string[], values: readonly FieldValue[]): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  names.forEach((name, i) => {
    Object.defineProperty(fields, name, {
      value: values[i],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return fields;
}

const wide = Array.from({ length: 1001 }, (_, i) => `c${i}`);

describe('a shape builds the same fields on every use (interpreted first, then compiled)', () => {
  it.each<{ name: string; names: string[]; values: FieldValue[] }>([
    { name: 'plain names', names: ['in-octets', 'out-octets'], values: [1, 2.5] },
    { name: 'every value type', names: ['a', 'b', 'c', 'd'], values: [1, 2n ** 70n, 'up', false] },
    {
      name: 'quotes, backslashes, line breaks',
      names: ['a"b', 'c\\', 'd\ne', '\u2028', ''],
      values: [1, 2, 3, 4, 5],
    },
    { name: 'code-like names stay names', names: ['"}); throw 1; ({"', '`', 'v[0]'], values: [1, 2, 3] },
    { name: '__proto__ becomes an own field', names: ['__proto__', 'constructor'], values: [1, 'x'] },
    { name: 'integer-like names', names: ['10', '2', 'x'], values: [1, 2, 3] },
    { name: 'a name twice: first position, last value', names: ['a', 'b', 'a'], values: [1, 2, 3] },
    { name: 'a lone surrogate', names: ['\ud800x'], values: [1] },
    { name: 'wider than compiled shapes', names: wide, values: wide.map((_, i) => i) },
  ])('$name', ({ names, values }) => {
    const shapes = new FieldShapes();
    const expected = reference(names, values);
    for (let use = 0; use < 3; use++) {
      const fields = shapes.shapeOf(names, undefined).build(values);
      expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
      expect(Object.keys(fields)).toEqual(Object.keys(expected));
      expect(Object.values(fields)).toEqual(Object.values(expected));
    }
  });
});

test('a fields object is new each time: an emitted sample never changes afterwards', () => {
  const shape = new FieldShapes().shapeOf(['a'], undefined);
  const built = [1, 2, 3].map((v) => shape.build([v]));
  expect(built).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
});

test('the hint is used when its names match; equal name lists share one shape', () => {
  const shapes = new FieldShapes();
  const list = new FieldList();
  list.add('a', 1);
  list.add('b', 2);
  const shape = shapes.shapeOf(list.names, undefined);
  expect(shapes.shapeOf(['a', 'b'], shape)).toBe(shape);
  expect(shapes.shapeOf(['a', 'b'], undefined)).toBe(shape);
  list.clear();
  list.add('b', 1);
  const other = shapes.shapeOf(list.names, shape);
  expect(other).not.toBe(shape);
  expect(other.names).toEqual(['b']);
  // The shape kept its own copy of the names, not the reused list.
  expect(shape.names).toEqual(['a', 'b']);
});

test('the cache of shapes starts over when full', () => {
  const shapes = new FieldShapes();
  const first = shapes.shapeOf(['f0'], undefined);
  for (let i = 1; i < 1024; i++) shapes.shapeOf([`f${i}`], undefined);
  expect(shapes.shapeOf(['f0'], undefined)).toBe(first);
  shapes.shapeOf(['one too many'], undefined);
  expect(shapes.shapeOf(['f0'], undefined)).not.toBe(first);
});

test('builds the same fields in a Node that refuses code generation from strings', () => {
  // A flag of the whole process, so the check runs in a child of its own.
  const script = [
    `const { FieldShapes } = require(${JSON.stringify(join(__dirname, '../../../src/collectors/field-shapes.ts'))});`,
    'const shapes = new FieldShapes();',
    "const built = [1, 2, 3].map((v) => shapes.shapeOf(['a', '__proto__'], undefined).build([v, -v]));",
    'let refused = false;',
    "try { new Function('return 1'); } catch { refused = true; }",
    'console.log(JSON.stringify({ refused, built }));',
  ].join('\n');
  const output = execFileSync(
    process.execPath,
    ['--disallow-code-generation-from-strings', '--import', 'tsx', '-e', script],
    { cwd: join(__dirname, '../../..'), encoding: 'utf8' },
  );
  expect(JSON.parse(output)).toEqual({
    refused: true,
    built: [
      { a: 1, ['__proto__']: -1 },
      { a: 2, ['__proto__']: -2 },
      { a: 3, ['__proto__']: -3 },
    ],
  });
});
