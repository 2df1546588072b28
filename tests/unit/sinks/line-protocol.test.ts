import type { FieldValue, Sample, Score } from '../../../src/core';
import { encodeFieldValue, LineProtocolEncoder } from '../../../src/sinks/line-protocol';
import { scoreTags } from '../../../src/sinks/records';
import { event, sample, score } from './support';

/*
 * Expected lines follow the InfluxDB line protocol reference ("Special
 * characters"): measurements escape comma and space; tag keys, tag values and
 * field keys escape comma, equals sign and space; string field values are
 * double-quoted with `"` and `\` escaped. Timestamps are in milliseconds.
 */

const T = 1_556_813_561_098;
const encoder = new LineProtocolEncoder();
const encodeSampleLine = (s: Sample) => encoder.encodeSample(s);
const encodeScoreLine = (s: Score) => encoder.encodeScore(s);

describe('samples', () => {
  test.each<[string, Partial<Sample>, string]>([
    [
      'plain',
      { measurement: 'cpu', tags: { host: 'r1' }, fields: { usage: 12.5 } },
      `cpu,host=r1 usage=12.5 ${T}`,
    ],
    [
      'tags sorted by key',
      { measurement: 'cpu', tags: { region: 'eu', host: 'r1' }, fields: { usage: 1 } },
      `cpu,host=r1,region=eu usage=1 ${T}`,
    ],
    ['no tags', { measurement: 'cpu', tags: {}, fields: { usage: 1 } }, `cpu usage=1 ${T}`],
    [
      'empty tag values are left out',
      { measurement: 'cpu', tags: { host: 'r1', site: '' }, fields: { usage: 1 } },
      `cpu,host=r1 usage=1 ${T}`,
    ],
    [
      'space in measurement',
      { measurement: 'my Measurement', tags: {} },
      `my\\ Measurement cpu_util=12.5 ${T}`,
    ],
    [
      'comma in measurement',
      { measurement: 'my,Measurement', tags: {} },
      `my\\,Measurement cpu_util=12.5 ${T}`,
    ],
    ['equals sign in measurement is literal', { measurement: 'a=b', tags: {} }, `a=b cpu_util=12.5 ${T}`],
    [
      'spaces in tag keys and values',
      { measurement: 'm', tags: { 'tag Key1': 'tag Value1', 'tag Key2': 'tag Value2' }, fields: { f: 100 } },
      `m,tag\\ Key1=tag\\ Value1,tag\\ Key2=tag\\ Value2 f=100 ${T}`,
    ],
    [
      'commas and equals signs in tags',
      { measurement: 'm', tags: { 'k,=': 'v,a=l' }, fields: { f: 1 } },
      `m,k\\,\\==v\\,a\\=l f=1 ${T}`,
    ],
    [
      'commas, equals signs and spaces in field keys',
      { measurement: 'm', tags: {}, fields: { 'field key,=': 1 } },
      `m field\\ key\\,\\==1 ${T}`,
    ],
    [
      'double quotes in a string field',
      { measurement: 'm', tags: {}, fields: { f: '"string" within a string' } },
      `m f="\\"string\\" within a string" ${T}`,
    ],
    [
      'backslash in a string field',
      { measurement: 'm', tags: {}, fields: { f: 'C:\\temp\\' } },
      `m f="C:\\\\temp\\\\" ${T}`,
    ],
    [
      'newlines in a string field stay on one line',
      { measurement: 'm', tags: {}, fields: { f: 'line 1\nline 2\r\n' } },
      `m f="line 1\\nline 2\\r\\n" ${T}`,
    ],
    [
      'quotes in tags are literal',
      { measurement: 'm', tags: { k: '"quoted"' }, fields: { f: 1 } },
      `m,k="quoted" f=1 ${T}`,
    ],
    [
      'non-ASCII is written as is',
      { measurement: 'température', tags: { tagKey: '🍭' }, fields: { fieldKey: 'Launch 🚀' } },
      `température,tagKey=🍭 fieldKey="Launch 🚀" ${T}`,
    ],
    [
      'a backslash in a tag value is doubled (two contiguous backslashes read as one)',
      { measurement: 'm', tags: { path: 'a\\b' }, fields: { f: 1 } },
      `m,path=a\\\\b f=1 ${T}`,
    ],
    [
      'several fields keep their order',
      { measurement: 'm', tags: {}, fields: { b: 1, a: 'x', c: true, d: 5n } },
      `m b=1,a="x",c=true,d=5i ${T}`,
    ],
    [
      'non-finite numbers are left out',
      { measurement: 'm', tags: {}, fields: { a: Number.NaN, b: 2, c: Number.POSITIVE_INFINITY } },
      `m b=2 ${T}`,
    ],
    [
      'fractional milliseconds are cut',
      { measurement: 'm', tags: {}, fields: { f: 1 }, time: T + 0.9 },
      `m f=1 ${T}`,
    ],
  ])('%s', (_, overrides, expected) => {
    expect(encodeSampleLine(sample({ time: T, ...overrides }))).toBe(expected);
  });

  test.each<[string, Partial<Sample>]>([
    ['only non-finite fields', { fields: { a: Number.NaN, b: Number.NEGATIVE_INFINITY } }],
    ['no fields', { fields: {} }],
    ['a bigint out of the 64-bit ranges', { fields: { f: 2n ** 64n } }],
    ['a non-finite time', { time: Number.NaN }],
  ])('a record with %s encodes to nothing', (_, overrides) => {
    expect(encodeSampleLine(sample(overrides))).toBe('');
  });
});

describe('encodeFieldValue', () => {
  test.each<[FieldValue, string | undefined]>([
    [1, '1'],
    [-1.5, '-1.5'],
    [0.1, '0.1'],
    [1 / 3, '0.3333333333333333'],
    [-0, '0'],
    [1e21, '1e+21'],
    [1.5e-7, '1.5e-7'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [Number.NaN, undefined],
    [42n, '42i'],
    [-(2n ** 63n), '-9223372036854775808i'],
    [2n ** 63n - 1n, '9223372036854775807i'],
    [2n ** 63n, '9223372036854775808u'],
    [2n ** 64n - 1n, '18446744073709551615u'],
    [-(2n ** 63n) - 1n, undefined],
    [true, 'true'],
    [false, 'false'],
    ['', '""'],
  ])('%p → %p', (value, expected) => {
    expect(encodeFieldValue(value)).toBe(expected);
  });

  test('floats read back exactly', () => {
    for (const value of [0.1 + 0.2, Math.PI, 123456.789e-20, 2 ** 53 + 2]) {
      expect(Number(encodeFieldValue(value))).toBe(value);
    }
  });
});

describe('scores', () => {
  test('a score is measurement noctua_score with the series tags, where it came from and its numbers', () => {
    const line = encodeScoreLine(score({ expected: 40.1, lower: 31, upper: 49.2 }));
    expect(line).toBe(
      'noctua_score,detector=zscore,device=r1,field=cpu_util,measurement=system,rule=device-health ' +
        'score=0.93,value=97.5,expected=40.1,lower=31,upper=49.2 1700000000000',
    );
  });

  test('only the numbers the detector gave are written', () => {
    expect(encodeScoreLine(score({ expected: Number.NaN }))).toBe(
      'noctua_score,detector=zscore,device=r1,field=cpu_util,measurement=system,rule=device-health ' +
        'score=0.93,value=97.5 1700000000000',
    );
  });

  test('tags of the series are escaped like any tag; the score tags win over series tags of the same name', () => {
    const line = encodeScoreLine(score({}, { tags: { 'if name': 'Gi0/0 x', rule: 'theirs' } }));
    expect(line.slice(0, line.indexOf(' score='))).toBe(
      'noctua_score,detector=zscore,field=cpu_util,if\\ name=Gi0/0\\ x,measurement=system,rule=device-health',
    );
  });

  test('the tags object of a score is reused per series, field, rule and detector', () => {
    const tags = { device: 'r1' };
    const a = score({}, { tags });
    expect(scoreTags(score({ score: 0.1 }, { tags }))).toBe(scoreTags(a));
    expect(scoreTags(score({ rule: 'other' }, { tags }))).not.toBe(scoreTags(a));
    expect(scoreTags(score({}, { tags, field: 'mem' }))).not.toBe(scoreTags(a));
  });
});

describe('events', () => {
  test.each([
    [
      'an anomaly start with its text, score and value',
      event(),
      'noctua_event,device=r1,event=anomaly,field=cpu_util,measurement=system,rule=device-health,state=start text="anomaly on system,device=r1#cpu_util: value 97.5, score 0.93",score=0.93,value=97.5 1700000000000',
    ],
    [
      'quotes in the text are escaped; missing numbers are left out',
      event({ state: 'end', text: 'say "hi"', score: undefined, value: Number.NaN }),
      'noctua_event,device=r1,event=anomaly,field=cpu_util,measurement=system,rule=device-health,state=end text="say \\"hi\\"" 1700000000000',
    ],
    ['a time that is not finite gives no line', event({ time: Number.NaN }), ''],
  ])('%s', (_name, e, expected) => {
    expect(new LineProtocolEncoder().encodeEvent(e)).toBe(expected);
  });
});
