import { seriesKey } from '../../../src/core/series-key';
import { SeriesCache } from '../../../src/pipeline/series-cache';

describe('SeriesCache', () => {
  const tags = { host: 'r1', region: 'eu west' };

  it('builds the series key of a field', () => {
    const series = new SeriesCache<number>().of('cpu', tags);
    expect(series.key('usage')).toBe(seriesKey('cpu', tags, 'usage'));
    expect(series.key('usage')).toBe('cpu,host=r1,region=eu\\ west#usage');
  });

  it('remembers values per tags object, measurement and field', () => {
    const cache = new SeriesCache<string>();
    const series = cache.of('cpu', tags);
    series.set('usage', 'A');
    series.set('idle', 'B');
    expect(cache.of('cpu', tags)).toBe(series);
    expect([series.get('usage'), series.get('idle'), series.get('other')]).toEqual(['A', 'B', undefined]);
    expect(cache.of('cpu', { ...tags }).get('usage')).toBeUndefined();
    expect(cache.of('mem', tags).get('usage')).toBeUndefined();
  });

  it('keeps the series of several measurements that share a tags object', () => {
    const cache = new SeriesCache<string>();
    cache.of('cpu', tags).set('usage', 'cpu');
    cache.of('mem', tags).set('usage', 'mem');
    expect(cache.of('cpu', tags).get('usage')).toBe('cpu');
    expect(cache.of('mem', tags).get('usage')).toBe('mem');
    expect(cache.of('mem', tags).key('usage')).toBe('mem,host=r1,region=eu\\ west#usage');
  });

  it('starts over after 16 measurements per tags object', () => {
    const cache = new SeriesCache<number>();
    for (let i = 0; i < 16; i++) cache.of(`m${i}`, tags).set('f', i);
    expect(cache.of('m0', tags).get('f')).toBe(0);
    cache.of('m16', tags).set('f', 16);
    expect(cache.of('m16', tags).get('f')).toBe(16);
    expect(cache.of('m15', tags).get('f')).toBeUndefined();
  });

  it('remembers at most 64 fields besides the first per tags object', () => {
    const series = new SeriesCache<number>().of('wide', tags);
    for (let i = 0; i < 100; i++) series.set(`f${i}`, i);
    expect(series.get('f0')).toBe(0);
    expect(series.get('f64')).toBe(64);
    expect(series.get('f65')).toBeUndefined();
    series.set('f1', -1);
    expect(series.get('f1')).toBe(-1);
  });

  it('finds fields by their position in the sample, and by name when the position changed', () => {
    const series = new SeriesCache<string>().of('wide', tags);
    ['a', 'b', 'c'].forEach((field, position) => {
      series.set(field, field.toUpperCase(), 64, position);
    });
    expect(['a', 'b', 'c'].map((field, position) => series.get(field, position))).toEqual(['A', 'B', 'C']);
    // Another order, another sample: found by name, and remembered at the new positions.
    expect(['c', 'a', 'b'].map((field, position) => series.get(field, position))).toEqual(['C', 'A', 'B']);
    expect(series.get('c', 0)).toBe('C');
    expect(series.get('d', 2)).toBeUndefined();
    // A field set again (its state was replaced) is found with its new value at its position.
    series.set('b', 'B2', 64, 2);
    expect(series.get('b', 2)).toBe('B2');
    expect(series.get('b')).toBe('B2');
  });

  it('takes a wider bound of fields per tags object from the caller', () => {
    const series = new SeriesCache<number>().of('wide', tags);
    for (let i = 0; i < 120; i++) series.set(`f${i}`, i, 100);
    expect(series.get('f100')).toBe(100);
    expect(series.get('f101')).toBeUndefined();
  });
});
