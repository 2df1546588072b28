import { RoundGenerator } from '../../../../src/collectors/synthetic/generator';
import { compilePlan } from '../../../../src/collectors/synthetic/plan';
import type { Sample } from '../../../../src/core';
import { fieldValue, syntheticConfig } from './support';

const START = Date.UTC(2026, 0, 1);

function generator(overrides: Record<string, unknown> = {}): RoundGenerator {
  return new RoundGenerator(compilePlan(syntheticConfig(overrides)), 'lab', START);
}

function round(g: RoundGenerator, index: number, from = 0, to = g.deviceCount): Sample[] {
  const samples: Sample[] = [];
  g.generate(index, from, to, (s) => samples.push(s));
  return samples;
}

/** Values of the first `rounds` rounds, one array per device (one series). */
function values(g: RoundGenerator, rounds: number): unknown[][] {
  const byDevice: unknown[][] = Array.from({ length: g.deviceCount }, () => []);
  for (let r = 0; r < rounds; r++) {
    for (const s of round(g, r)) byDevice[Number(s.tags.device!.slice(1)) - 1]!.push(fieldValue(s));
  }
  return byDevice;
}

/** Cosine values are exact to about 1e-14. */
const rounded = (v: unknown[]) => v.map((x) => Math.round((x as number) * 1e9) / 1e9);

const twoDevices = { devices: ['r1', 'r2'] };

test('one sample per device × series, device by device, with device tags on the series tags', () => {
  const g = generator({
    devices: ['r1', 'r2'],
    series: {
      cpu: { measurement: 'system', field: 'cpu_util', baseline: 1, tags: { role: 'edge' } },
      octets: { measurement: 'interface', field: 'in_octets', baseline: 1, kind: 'counter64' },
    },
  });
  expect(round(g, 1)).toEqual([
    {
      measurement: 'system',
      tags: { role: 'edge', device: 'r1' },
      fields: { cpu_util: 1 },
      time: START + 10_000,
      source: 'lab',
      kinds: undefined,
    },
    {
      measurement: 'interface',
      tags: { device: 'r1' },
      fields: { in_octets: 10n },
      time: START + 10_000,
      source: 'lab',
      kinds: { in_octets: 'counter64' },
    },
    expect.objectContaining({ tags: { role: 'edge', device: 'r2' } }),
    expect.objectContaining({ tags: { device: 'r2' } }),
  ]);
});

test('tags objects are created once per series and reused in every round', () => {
  const g = generator(twoDevices);
  const [first, second] = [round(g, 0), round(g, 1)];
  expect(second[0]!.tags).toBe(first[0]!.tags);
  expect(second[1]!.tags).toBe(first[1]!.tags);
  expect(first[0]!.tags).not.toBe(first[1]!.tags);
});

test('values depend on seed, device, series and round only, not on how rounds are split', () => {
  const noisy = {
    devices: { count: 5 },
    series: { cpu: { measurement: 'm', field: 'f', baseline: 0, noise: 1 } },
  };
  const whole = round(generator(noisy), 0).map(fieldValue);
  const g = generator(noisy);
  const split = [...round(g, 0, 0, 2), ...round(g, 0, 2, 5)].map(fieldValue);
  expect(split).toEqual(whole);
  expect(round(generator({ ...noisy, seed: 2 }), 0).map(fieldValue)).not.toEqual(whole);
  expect(new Set(whole).size).toBe(5);
});

test('noise is Gaussian around the level with the configured standard deviation', () => {
  const g = generator({
    devices: { count: 20_000 },
    series: { cpu: { measurement: 'm', field: 'f', baseline: 10, noise: 2 } },
  });
  const v = round(g, 3).map((s) => fieldValue(s) as number);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  expect(mean).toBeCloseTo(10, 1);
  expect(sd).toBeCloseTo(2, 1);
  expect(v.filter((x) => Math.abs(x - 10) < 2).length / v.length).toBeCloseTo(0.683, 1);
});

test('seasonality is a cosine over the timestamp that peaks at phase', () => {
  const g = generator({
    interval: '15s',
    series: {
      cpu: {
        measurement: 'm',
        field: 'f',
        baseline: 50,
        seasonality: { amplitude: 10, period: '1m', phase: '15s' },
      },
    },
  });
  expect(rounded(values(g, 5)[0]!)).toEqual([50, 60, 50, 40, 50]);
});

test('values are clamped to min and max', () => {
  const g = generator({
    series: {
      cpu: {
        measurement: 'm',
        field: 'f',
        baseline: 50,
        seasonality: { amplitude: 60, period: '40s' },
        min: 0,
        max: 100,
      },
    },
  });
  expect(rounded(values(g, 4)[0]!)).toEqual([100, 50, 0, 50]);
});

test('counter32 grows by value × interval from initial and wraps at 2^32; a negative rate does not count', () => {
  const g = generator({
    series: {
      c: { measurement: 'm', field: 'f', kind: 'counter32', baseline: 1, initial: 2 ** 32 - 25 },
    },
    anomalies: [{ series: 'c', type: 'level_shift', at: '30s', duration: '10s', magnitude: -100 }],
  });
  expect(values(g, 5)[0]).toEqual([2 ** 32 - 25, 2 ** 32 - 15, 2 ** 32 - 5, 2 ** 32 - 5, 5]);
});

test('counter64 is a bigint that wraps at 2^64', () => {
  const g = generator({
    interval: '1s',
    series: {
      c: { measurement: 'm', field: 'f', kind: 'counter64', baseline: 2048, initial: 2 ** 64 - 4096 },
    },
  });
  expect(values(g, 4)[0]).toEqual([2n ** 64n - 4096n, 2n ** 64n - 2048n, 0n, 2048n]);
});

describe('anomalies', () => {
  const base = { devices: ['r1', 'r2'], series: { cpu: { measurement: 'm', field: 'f', baseline: 50 } } };

  test.each([
    [
      'spike adds magnitude while active',
      { type: 'spike', at: '20s', duration: '10s', magnitude: 30 },
      [50, 50, 80, 50, 50, 50],
    ],
    [
      'level_shift adds magnitude while active',
      { type: 'level_shift', at: '10s', duration: '30s', magnitude: -5 },
      [50, 45, 45, 45, 50, 50],
    ],
    [
      'drift adds magnitude per minute since its start',
      { type: 'drift', at: '10s', duration: '40s', magnitude: 6 },
      [50, 50, 51, 52, 53, 50],
    ],
    [
      'every repeats it',
      { type: 'spike', at: '10s', duration: '10s', every: '30s', magnitude: 1 },
      [50, 51, 50, 50, 51, 50],
    ],
  ])('%s', (_, anomaly, expected) => {
    const g = generator({ ...base, anomalies: [{ series: 'cpu', ...anomaly }] });
    expect(values(g, 6)).toEqual([expected, expected]);
  });

  test('flatline holds the last value before it', () => {
    const g = generator({
      ...base,
      series: {
        cpu: { measurement: 'm', field: 'f', baseline: 50, seasonality: { amplitude: 10, period: '40s' } },
      },
      anomalies: [{ series: 'cpu', type: 'flatline', at: '10s', duration: '20s' }],
    });
    expect(rounded(values(g, 5)[0]!)).toEqual([60, 60, 60, 50, 60]);
  });

  test('dropout emits nothing for the series, and a counter keeps counting meanwhile', () => {
    const g = generator({
      ...base,
      series: { c: { measurement: 'm', field: 'f', kind: 'counter32', baseline: 1 } },
      anomalies: [{ series: 'c', type: 'dropout', at: '10s', duration: '20s', device: 'r2' }],
    });
    const v = values(g, 4);
    expect(v[0]).toEqual([0, 10, 20, 30]);
    expect(v[1]).toEqual([0, 30]);
  });

  test('device restricts an anomaly to one device', () => {
    const g = generator({
      ...base,
      anomalies: [{ series: 'cpu', device: 'r2', type: 'spike', at: 0, magnitude: 1 }],
    });
    expect(values(g, 1)).toEqual([[50], [51]]);
  });
});
