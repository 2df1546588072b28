import { formatScore, parseCsv, parseTimestamp, ReplayInputError } from '../../../src/replay/csv';

describe('parseTimestamp', () => {
  it.each([
    ['2014-04-01 00:05:00', Date.UTC(2014, 3, 1, 0, 5)],
    ['2014-04-01T00:05:00Z', Date.UTC(2014, 3, 1, 0, 5)],
    ['2014-04-01T02:05:00+02:00', Date.UTC(2014, 3, 1, 0, 5)],
    ['2014-04-01 00:05:00.500000', Date.UTC(2014, 3, 1, 0, 5, 0, 500)],
    ['1396310700', Date.UTC(2014, 3, 1, 0, 5)],
    ['1396310700000', Date.UTC(2014, 3, 1, 0, 5)],
    ['yesterday', Number.NaN],
  ])('%s is %p', (text, time) => {
    expect(parseTimestamp(text)).toBe(time);
  });
});

describe('parseCsv', () => {
  it('skips a header and blank lines, keeps the text of timestamps and values, ignores extra columns', () => {
    const rows = parseCsv(
      'timestamp,value\n2014-04-01 00:00:00,1.50\n\n2014-04-01 00:05:00, 2,extra\r\n',
      'f.csv',
    );
    expect(rows).toEqual([
      { timestamp: '2014-04-01 00:00:00', time: Date.UTC(2014, 3, 1), value: 1.5, valueText: '1.50' },
      { timestamp: '2014-04-01 00:05:00', time: Date.UTC(2014, 3, 1, 0, 5), value: 2, valueText: '2' },
    ]);
  });

  it('reads a file without a header, and an empty value as a gap (NaN)', () => {
    const rows = parseCsv('1396310400,1\n1396310700,\n', 'f.csv');
    expect(rows.map((r) => r.value)).toEqual([1, Number.NaN]);
  });

  it.each([
    ['t,v\n2014-04-01 00:00:00,1\nnot a time,2\n', 'f.csv:3: timestamp "not a time" is not a date'],
    ['t,v\n2014-04-01 00:00:00,abc\n', 'f.csv:2: value "abc" is not a number'],
    ['2014-04-01 00:00:00,1\nheader,late\n', 'f.csv:2: timestamp "header" is not a date'],
  ])('names the file and line of a malformed row', (text, message) => {
    expect(() => parseCsv(text, 'f.csv')).toThrow(ReplayInputError);
    expect(() => parseCsv(text, 'f.csv')).toThrow(message);
  });
});

test('formatScore writes 6 decimals and 0 for what is not finite', () => {
  expect([0, 0.9, 1 / 3, Number.NaN].map(formatScore)).toEqual([
    '0.000000',
    '0.900000',
    '0.333333',
    '0.000000',
  ]);
});
