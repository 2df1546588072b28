import { type SeriesState, SeriesTable } from '../../../src/pipeline/series-table';

const state = (lastSeen: number): SeriesState => ({ lastSeen, evicted: false });

describe('SeriesTable', () => {
  it('holds at most maxSeries series', () => {
    const table = new SeriesTable(2, 0);
    expect(table.add('a', state(0))).toBe(true);
    expect(table.add('b', state(0))).toBe(true);
    expect(table.full).toBe(true);
    expect(table.add('c', state(0))).toBe(false);
    expect([table.size, table.get('c')]).toEqual([2, undefined]);
  });

  it('drops series idle for longer than the expiry, sweeping every quarter expiry of data time', () => {
    const evicted: SeriesState[] = [];
    const table = new SeriesTable<SeriesState>(10, 1000, (s) => evicted.push(s));
    const idle = state(0);
    const busy = state(0);
    table.add('idle', idle);
    table.add('busy', busy);
    table.advance(0);
    busy.lastSeen = 1000;
    expect(table.advance(1000)).toBe(0); // idle for exactly the expiry: kept
    busy.lastSeen = 1100;
    expect(table.advance(1100)).toBe(0); // less than a quarter expiry since the last sweep
    busy.lastSeen = 1250;
    expect(table.advance(1250)).toBe(1);
    expect(table.get('idle')).toBeUndefined();
    expect(table.get('busy')).toBe(busy);
    expect(idle.evicted).toBe(true);
    expect(evicted).toEqual([idle]);
  });

  it('ignores time going back', () => {
    const table = new SeriesTable(10, 1000);
    table.add('a', state(5000));
    table.advance(5000);
    expect(table.advance(0)).toBe(0);
    expect(table.size).toBe(1);
  });

  it('never expires with an expiry of 0', () => {
    const table = new SeriesTable(10, 0);
    table.add('a', state(0));
    table.advance(0);
    expect(table.advance(1e12)).toBe(0);
    expect(table.size).toBe(1);
  });
});
