import {
  escapeMeasurement,
  escapeTag,
  fieldKey,
  seriesKey,
  seriesPrefix,
  tagSuffix,
} from '../../../src/core';

describe('seriesKey', () => {
  test.each([
    ['plain', 'cpu', { host: 'r1' }, 'usage', 'cpu,host=r1#usage'],
    ['tags sorted by name', 'cpu', { z: '1', a: '2', m: '3' }, 'v', 'cpu,a=2,m=3,z=1#v'],
    ['no tags', 'uptime', {}, 'seconds', 'uptime#seconds'],
    ['empty tag values left out', 'cpu', { host: 'r1', role: '' }, 'v', 'cpu,host=r1#v'],
    ['measurement commas and spaces', 'if stats,x', {}, 'v', 'if\\ stats\\,x#v'],
    ['tag equals, commas, spaces', 'm', { 'a=b': 'c,d e' }, 'v', 'm,a\\=b=c\\,d\\ e#v'],
    ['backslashes', 'm\\', { k: 'C:\\temp' }, 'v', 'm\\\\,k=C:\\\\temp#v'],
    ['line breaks become text', 'm', { alias: 'uplink\nto core\r' }, 'v', 'm,alias=uplink\\nto\\ core\\r#v'],
    ['tabs and non-ASCII kept as they are', 'm', { site: 'Zürich\tnord' }, 'v', 'm,site=Zürich\tnord#v'],
    ['hash in field name', 'm', {}, 'a#b', 'm#a\\#b'],
  ])('%s', (_case, measurement, tags, field, expected) => {
    expect(seriesKey(measurement, tags, field)).toBe(expected);
  });

  test('the same series gives the same key whatever the tag order or object', () => {
    const a = seriesKey('cpu', { b: '2', a: '1' }, 'v');
    const b = seriesKey('cpu', { a: '1', b: '2' }, 'v');
    expect(a).toBe(b);
  });

  test('keys of different series differ even when their parts run together', () => {
    const keys = new Set([
      seriesKey('a', { b: 'c' }, 'd'),
      seriesKey('a,b=c', {}, 'd'),
      seriesKey('a', { 'b=c': '' }, 'd'),
      seriesKey('a', { b: 'c#d' }, ''),
      seriesKey('a', { b: 'c,x=y' }, 'd'),
      seriesKey('a', { b: 'c', x: 'y' }, 'd'),
    ]);
    expect(keys.size).toBe(6);
  });

  test('never throws, whatever it is given', () => {
    const odd: unknown[] = [undefined, null, 42, Symbol('s'), { toString: () => 'x' }, [], Number.NaN];
    for (const value of odd) {
      expect(() =>
        seriesKey(value as string, value as Record<string, string>, value as string),
      ).not.toThrow();
      expect(() => escapeMeasurement(value)).not.toThrow();
      expect(() => escapeTag(value)).not.toThrow();
    }
    expect(seriesKey('m', { a: 7 as unknown as string }, 'v')).toBe('m,a=7#v');
  });

  test('the tag part is cached per tags object and prefix + field equals the full key', () => {
    const tags = { host: 'r1' };
    expect(tagSuffix(tags)).toBe(tagSuffix(tags));
    expect(fieldKey(seriesPrefix('cpu', tags), 'usage')).toBe(seriesKey('cpu', tags, 'usage'));
  });
});
