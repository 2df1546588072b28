import { encodeEventJson, encodeSampleJson, encodeScoreJson } from '../../../src/sinks/json-lines';
import { event, sample, score } from './support';

describe('encodeSampleJson', () => {
  test('a sample is written as itself, on one line', () => {
    const s = sample({ fields: { cpu_util: 12.5, note: 'a "b"\nc', up: true } });
    const line = encodeSampleJson(s);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      measurement: 'system',
      tags: { device: 'r1' },
      fields: { cpu_util: 12.5, note: 'a "b"\nc', up: true },
      time: 1_700_000_000_000,
      source: 'lab',
    });
  });

  test('bigint fields are decimal strings and kinds say which fields are counters', () => {
    const s = sample({ fields: { in_octets: 2n ** 64n - 1n }, kinds: { in_octets: 'counter64' } });
    expect(JSON.parse(encodeSampleJson(s))).toMatchObject({
      fields: { in_octets: '18446744073709551615' },
      kinds: { in_octets: 'counter64' },
    });
  });

  test('non-finite numbers are left out, and a record without fields is not written', () => {
    expect(JSON.parse(encodeSampleJson(sample({ fields: { a: Number.NaN, b: 1 } }))).fields).toEqual({
      b: 1,
    });
    expect(encodeSampleJson(sample({ fields: { a: Number.POSITIVE_INFINITY } }))).toBe('');
    expect(encodeSampleJson(sample({ time: Number.NaN }))).toBe('');
  });
});

describe('encodeScoreJson', () => {
  test('a score is the same record as in line protocol', () => {
    expect(JSON.parse(encodeScoreJson(score({ lower: 1, upper: 2 })))).toEqual({
      measurement: 'noctua_score',
      tags: {
        device: 'r1',
        measurement: 'system',
        field: 'cpu_util',
        rule: 'device-health',
        detector: 'zscore',
      },
      fields: { score: 0.93, value: 97.5, lower: 1, upper: 2 },
      time: 1_700_000_000_000,
    });
  });

  test('a score without any finite number is not written', () => {
    expect(encodeScoreJson(score({ score: Number.NaN }, { value: Number.NaN }))).toBe('');
  });
});

describe('encodeEventJson', () => {
  test('an event is measurement noctua_event with its tags, event type and state', () => {
    expect(JSON.parse(encodeEventJson(event({ value: undefined })))).toEqual({
      measurement: 'noctua_event',
      tags: {
        device: 'r1',
        measurement: 'system',
        field: 'cpu_util',
        rule: 'device-health',
        event: 'anomaly',
        state: 'start',
      },
      fields: { text: 'anomaly on system,device=r1#cpu_util: value 97.5, score 0.93', score: 0.93 },
      time: 1_700_000_000_000,
    });
    expect(encodeEventJson(event({ time: Number.POSITIVE_INFINITY }))).toBe('');
  });
});
