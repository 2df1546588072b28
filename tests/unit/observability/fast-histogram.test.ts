import { Histogram, Registry } from 'prom-client';
import { FastHistogram } from '../../../src/observability/fast-histogram';

const BUCKETS = [0.1, 0.5, 1];

function registered() {
  const registry = new Registry();
  const histogram = new FastHistogram({
    name: 'h',
    help: 'h',
    labelNames: ['rule'],
    buckets: BUCKETS,
    registers: [registry],
  });
  return { registry, histogram };
}

describe('FastHistogram', () => {
  it('is exported by the registry exactly like a prom-client histogram', async () => {
    const fast = new Registry();
    const reference = new Registry();
    const histogram = new FastHistogram({
      name: 'h',
      help: 'Help.',
      labelNames: ['rule'],
      buckets: BUCKETS,
      registers: [fast],
    });
    const expected = new Histogram({
      name: 'h',
      help: 'Help.',
      labelNames: ['rule'],
      buckets: BUCKETS,
      registers: [reference],
    });
    const child = histogram.labels({ rule: 'a' });
    for (const [rule, value] of [
      ['a', 0.05],
      ['a', 0.1],
      ['a', 0.7],
      ['a', 3],
      ['b', 0.2],
    ] as const) {
      if (rule === 'a') child.observe(value);
      else histogram.observe({ rule }, value);
      expected.observe({ rule }, value);
    }
    expect(await fast.metrics()).toBe(await reference.metrics());
    // prom-client adds exemplar slots to its JSON; everything else is the same.
    const withoutExemplars = (await reference.getMetricsAsJSON()).map((metric) => ({
      ...metric,
      values: metric.values.map((value) => {
        const { exemplar: _, ...rest } = value as typeof value & { exemplar?: unknown };
        return rest;
      }),
    }));
    expect(await fast.getMetricsAsJSON()).toEqual(withoutExemplars);
  });

  it('shares the counts of one label set between its children', async () => {
    const { registry, histogram } = registered();
    histogram.labels({ rule: 'a' }).observe(0.2);
    histogram.labels({ rule: 'a' }).observe(0.3);
    expect(await registry.metrics()).toContain('h_count{rule="a"} 2');
  });

  it('ignores values that are not finite', async () => {
    const { registry, histogram } = registered();
    histogram.observe({ rule: 'a' }, Number.NaN);
    expect(await registry.metrics()).toContain('h_count{rule="a"} 0');
  });

  it('zeroes its counts on reset, and the children handed out keep counting', async () => {
    const { registry, histogram } = registered();
    const child = histogram.labels({ rule: 'a' });
    child.observe(0.2);
    registry.resetMetrics();
    expect(await registry.metrics()).toContain('h_count{rule="a"} 0');
    child.observe(0.3);
    expect(await registry.metrics()).toContain('h_count{rule="a"} 1');
  });
});
