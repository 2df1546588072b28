import { from, lastValueFrom, toArray } from 'rxjs';
import type { FieldKind, FieldValue, Sample, Tags } from '../../../src/core/sample';
import { Metrics } from '../../../src/observability/metrics';
import { counterIncrease, counterToRate } from '../../../src/pipeline/rate';
import { metricValue } from '../../support/observability';

const TOP32 = 2 ** 32;
const TOP64 = 2n ** 64n;

describe('counterIncrease', () => {
  it.each<[string, FieldKind, number | bigint, number | bigint, number | undefined]>([
    ['an increase', 'counter32', 10, 15, 5],
    ['no change', 'counter32', 10, 10, 0],
    ['a 32-bit wrap', 'counter32', TOP32 - 10, 5, 15],
    ['a 32-bit wrap from the top of the range', 'counter32', TOP32 - 1, 0, 1],
    ['a 32-bit drop from the middle: reset', 'counter32', 1000, 5, undefined],
    ['a 32-bit drop into the upper half: reset', 'counter32', TOP32 - 10, TOP32 / 2, undefined],
    ['a drop below the top quarter: reset', 'counter32', TOP32 * 0.74, 5, undefined],
    ['a 64-bit wrap, bigint', 'counter64', TOP64 - 10n, 5n, 15],
    ['a 64-bit wrap given as numbers', 'counter64', 2 ** 64 - 4096, 100, 4196],
    ['a 64-bit increase beyond 2^53, exact', 'counter64', 2n ** 60n + 1n, 2n ** 60n + 12_346n, 12_345],
    ['a 64-bit drop from the middle: reset', 'counter64', 2n ** 40n, 7n, undefined],
    ['a value beyond the 32-bit range going down: reset', 'counter32', TOP64 - 10n, 5n, undefined],
    ['a negative value after the top of the range: reset', 'counter32', TOP32 - 10, -5, undefined],
    ['number then bigint', 'counter64', 10, 15n, 5],
    ['bigint then number', 'counter64', 10n, 15, 5],
    ['a plain counter never wraps', 'counter', TOP32 - 10, 5, undefined],
    ['a fractional counter', 'counter', 1.5, 2.25, 0.75],
    ['a fractional counter going down: reset', 'counter32', 2.5, 1.5, undefined],
  ])('%s', (_, kind, previous, current, increase) => {
    expect(counterIncrease(kind, previous, current)).toBe(increase);
  });
});

const IF_TAGS: Tags = { device: 'edge-r1', if_name: 'Gi0/0/1' };

function counterSample(
  time: number,
  value: FieldValue,
  kind: FieldKind = 'counter64',
  tags: Tags = IF_TAGS,
): Sample {
  return {
    measurement: 'interface',
    tags,
    fields: { in_octets: value, speed: 1000 },
    kinds: { in_octets: kind, speed: 'gauge' },
    time,
    source: 'snmp',
  };
}

async function run(
  samples: Sample[],
  options = { maxSeries: 100, idleExpiryMs: 3_600_000 },
  metrics = new Metrics({ processMetrics: false }),
): Promise<Sample[]> {
  return lastValueFrom(from(samples).pipe(counterToRate(options, { metrics }), toArray()));
}

/** The in_octets_rate of each output sample, undefined where there is none. */
async function rates(samples: Sample[]): Promise<Array<FieldValue | undefined>> {
  return (await run(samples)).map((s) => s.fields.in_octets_rate);
}

describe('counterToRate', () => {
  it.each<[string, Sample[], Array<number | undefined>]>([
    ['no rate for the first sample', [counterSample(0, 100)], [undefined]],
    ['increase per second', [counterSample(0, 100), counterSample(10_000, 1100)], [undefined, 100]],
    [
      'time not advancing: no rate, the previous value stays the base',
      [counterSample(0, 100), counterSample(0, 5000), counterSample(10_000, 200)],
      [undefined, undefined, 10],
    ],
    [
      'time going back: no rate, the previous value stays the base',
      [counterSample(10_000, 100), counterSample(5000, 50), counterSample(20_000, 300)],
      [undefined, undefined, 20],
    ],
    [
      'a reset gives no rate and becomes the base',
      [
        counterSample(0, 5000, 'counter32'),
        counterSample(1000, 10, 'counter32'),
        counterSample(2000, 30, 'counter32'),
      ],
      [undefined, undefined, 20],
    ],
    [
      'a source restart (counterReset) gives no rate, even where a wrap would be plausible, and becomes the base',
      [
        counterSample(0, TOP32 - 100, 'counter32'),
        { ...counterSample(1000, 100, 'counter32'), counterReset: true },
        counterSample(2000, 300, 'counter32'),
      ],
      [undefined, undefined, 200],
    ],
    [
      'a 32-bit wrap',
      [counterSample(0, TOP32 - 100, 'counter32'), counterSample(2000, 100, 'counter32')],
      [undefined, 100],
    ],
    [
      'a 64-bit wrap of bigints',
      [counterSample(0, TOP64 - 1000n), counterSample(1000, 24n)],
      [undefined, 1024],
    ],
    [
      'bigints beyond 2^53, exactly',
      [counterSample(0, 2n ** 62n), counterSample(500, 2n ** 62n + 3n)],
      [undefined, 6],
    ],
  ])('%s', async (_, samples, expected) => {
    expect(await rates(samples)).toEqual(expected);
  });

  it('keeps the raw counter and every other field, and adds the rate as a gauge', async () => {
    const [, second] = await run([counterSample(0, 100), counterSample(1000, 150)]);
    expect(second!.fields).toEqual({ in_octets: 150, speed: 1000, in_octets_rate: 50 });
    expect(second!.kinds).toEqual({ in_octets: 'counter64', speed: 'gauge' });
    expect(second!.tags).toBe(IF_TAGS);
  });

  it('passes samples without counters through untouched', async () => {
    const gauge: Sample = { measurement: 'system', tags: {}, fields: { cpu: 1 }, time: 0, source: 's' };
    const [first, second] = [counterSample(0, 1), counterSample(0, 1)];
    const output = await run([gauge, first!, second!]);
    expect(output[0]).toBe(gauge);
    expect(output[1]).toBe(first);
    expect(output[2]).toBe(second);
  });

  it('keeps one previous value per series', async () => {
    const other: Tags = { device: 'edge-r2', if_name: 'Gi0/0/1' };
    const output = await rates([
      counterSample(0, 100),
      counterSample(0, 5000, 'counter64', other),
      counterSample(1000, 200),
      counterSample(1000, 5500, 'counter64', other),
    ]);
    expect(output).toEqual([undefined, undefined, 100, 500]);
  });

  it('treats equal tags in different objects as the same series', async () => {
    const output = await rates([
      counterSample(0, 100, 'counter64', { ...IF_TAGS }),
      counterSample(1000, 300, 'counter64', { ...IF_TAGS }),
    ]);
    expect(output).toEqual([undefined, 200]);
  });

  it('gives no rate to series beyond maxSeries, and counts them', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const other: Tags = { device: 'edge-r2' };
    const output = await run(
      [
        counterSample(0, 1),
        counterSample(0, 1, 'counter64', other),
        counterSample(1000, 2),
        counterSample(1000, 2, 'counter64', other),
      ],
      { maxSeries: 1, idleExpiryMs: 0 },
      metrics,
    );
    expect(output.map((s) => s.fields.in_octets_rate)).toEqual([undefined, undefined, 1, undefined]);
    expect(await metricValue(metrics.samplesDropped, { stage: 'rate', reason: 'series_limit' })).toBe(2);
  });

  it('forgets a series idle for longer than the expiry (data time)', async () => {
    const other: Tags = { device: 'edge-r2' };
    const output = await run(
      [
        counterSample(0, 100),
        counterSample(1000, 1, 'counter64', other),
        counterSample(2000, 2, 'counter64', other),
        counterSample(2500, 300),
        counterSample(3500, 400),
      ],
      { maxSeries: 10, idleExpiryMs: 1000 },
    );
    // Without expiry the fourth sample would get (300 - 100) / 2.5 s = 80.
    expect(output.map((s) => s.fields.in_octets_rate)).toEqual([undefined, undefined, 1, undefined, 100]);
  });
});
