import { from, lastValueFrom, toArray } from 'rxjs';
import { compileRules, type RuleMatcher } from '../../../src/alerting/rule-matcher';
import type { RuleConfig } from '../../../src/config/schema';
import type { Fields, Sample, Tags } from '../../../src/core/sample';
import type { Score } from '../../../src/core/score';
import type { ZScoreConfig } from '../../../src/detectors/zscore/config';
import { Metrics } from '../../../src/observability/metrics';
import { type DetectOptions, detect } from '../../../src/pipeline/detect';
import { metricValue } from '../../support/observability';

const R1: Tags = { device: 'edge-r1' };
const R2: Tags = { device: 'edge-r2' };

function rule(match: Partial<RuleConfig['match']> = {}, detector: Partial<ZScoreConfig> = {}): RuleConfig {
  return {
    match: { measurement: '*', fields: ['*'], tags: {}, ...match },
    // Scores from the fifth point on, against the four before it.
    detector: { type: 'zscore', window: 4, min_points: 4, sigma: 1, ...detector },
    threshold: 0.9,
    severity: 'warning',
    labels: {},
  };
}

function sample(time: number, fields: Fields, tags: Tags = R1, kinds?: Sample['kinds']): Sample {
  return { measurement: 'system', tags, fields, time, source: 'lab', ...(kinds ? { kinds } : {}) };
}

/** One `cpu` sample per value, 1 s apart. */
function cpu(values: number[], tags: Tags = R1, start = 0): Sample[] {
  return values.map((value, i) => sample(start + i * 1000, { cpu: value }, tags));
}

interface Run {
  metrics?: Metrics;
  options?: DetectOptions;
}

async function run(samples: Sample[], rules: RuleMatcher, setup: Run = {}): Promise<Score[]> {
  const metrics = setup.metrics ?? new Metrics({ processMetrics: false });
  const options = setup.options ?? { maxSeries: 100, idleExpiryMs: 0 };
  return lastValueFrom(from(samples).pipe(detect(rules, options, { metrics }), toArray()));
}

describe('detect', () => {
  it('scores every numeric field with the detector of the rule that owns the series', async () => {
    const samples = cpu([1, 3, 1, 3, 3]);
    const scores = await run(samples, compileRules({ all: rule() }));
    expect(scores.map((s) => s.score)).toEqual([0, 0, 0, 0, 0.9]);
    expect(scores[4]).toEqual({
      point: { key: 'system,device=edge-r1#cpu', field: 'cpu', value: 3, time: 4000, sample: samples[4] },
      rule: 'all',
      detector: 'zscore',
      score: 0.9,
      expected: 2,
      lower: 1,
      upper: 3,
    });
  });

  it('skips counters (their rates are scored), booleans and strings, and converts bigints', async () => {
    const samples = [
      sample(0, { in_octets: 5, in_octets_rate: 1.5, errors: 10n, up: true, version: '17' }, R1, {
        in_octets: 'counter64',
      }),
    ];
    const scores = await run(samples, compileRules({ all: rule() }));
    expect(scores.map((s) => [s.point.field, s.point.value])).toEqual([
      ['in_octets_rate', 1.5],
      ['errors', 10],
    ]);
  });

  it('gives each series to the first rule that selects it', async () => {
    const rules = compileRules({ cpu: rule({ fields: ['cpu'] }), rest: rule() });
    const scores = await run([sample(0, { cpu: 1, mem: 2 })], rules);
    expect(scores.map((s) => [s.point.field, s.rule])).toEqual([
      ['cpu', 'cpu'],
      ['mem', 'rest'],
    ]);
  });

  it('does not score series no rule selects, and matches each series once', async () => {
    const compiled = compileRules({ cpu: rule({ fields: ['cpu'] }) });
    const rules = jest.fn(compiled);
    const samples = [0, 1000, 2000].map((time) => sample(time, { cpu: 1, mem: 2 }));
    const scores = await run(samples, rules);
    expect(scores.map((s) => s.point.field)).toEqual(['cpu', 'cpu', 'cpu']);
    expect(rules).toHaveBeenCalledTimes(2);
  });

  it('finds the state of a series whatever tags object the sample carries', async () => {
    const samples = [1, 3, 1, 3, 3].map((value, i) => sample(i * 1000, { cpu: value }, { ...R1 }));
    const scores = await run(samples, compileRules({ all: rule() }));
    expect(scores[4]!.score).toBe(0.9);
  });

  it('scores at most maxSeries series and counts the points of the others', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const samples = [...cpu([1, 2, 3]), ...cpu([1, 2], R2)];
    const scores = await run(samples, compileRules({ all: rule() }), {
      metrics,
      options: { maxSeries: 1, idleExpiryMs: 0 },
    });
    expect(scores.map((s) => s.point.key)).toEqual(Array(3).fill('system,device=edge-r1#cpu'));
    expect(await metricValue(metrics.seriesLimitHits)).toBe(2);
    expect(await metricValue(metrics.seriesActive)).toBe(1);
  });

  it('drops the state of series idle for longer than the expiry (data time)', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const samples = [
      ...cpu([1, 3], R1, 0),
      ...cpu([1, 1, 1], R2, 1000),
      ...cpu([3], R1, 3500), // R1 was idle for 2.5 s: it starts again from scratch
    ];
    const scores = await run(samples, compileRules({ all: rule({}, { min_points: 2 }) }), {
      metrics,
      options: { maxSeries: 10, idleExpiryMs: 1000 },
    });
    expect(scores[5]).toMatchObject({
      point: { key: 'system,device=edge-r1#cpu' },
      score: 0,
      expected: undefined,
    });
    expect(await metricValue(metrics.seriesEvicted)).toBe(1);
    expect(await metricValue(metrics.seriesActive)).toBe(2);
  });

  it('gives the same scores for the same input', async () => {
    let seed = 7;
    const noise = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const samples = Array.from({ length: 300 }, (_, i) =>
      sample(
        Math.floor(i / 3) * 1000,
        { cpu: i === 250 ? 500 : 40 + noise() },
        [R1, R2, { device: 'x' }][i % 3],
      ),
    );
    const rules = compileRules({ all: rule({}, { window: 30, min_points: 10, sigma: 3 }) });
    const first = await run(samples, rules);
    const second = await run(samples, rules);
    expect(second).toEqual(first);
    expect(first.filter((s) => s.score >= 0.9).map((s) => s.point.value)).toEqual([500]);
  });

  it('counts every score at or above the threshold as an anomaly', async () => {
    const metrics = new Metrics({ processMetrics: false });
    // Flat history, then 6 and 9 (anomalous), 5 (back to normal), 50 (anomalous again).
    await run(cpu([5, 5, 5, 5, 6, 9, 5, 50]), compileRules({ all: rule() }), { metrics });
    expect(await metricValue(metrics.anomalies, { rule: 'all' })).toBe(3);
  });

  it('counts processed samples and observes every score', async () => {
    const metrics = new Metrics({ processMetrics: false });
    await run([...cpu([1, 3, 1, 3, 3]), sample(5000, { up: true })], compileRules({ all: rule() }), {
      metrics,
    });
    expect(await metricValue(metrics.samplesProcessed, { stage: 'detect' })).toBe(6);
    expect(await metricValue(metrics.scores, { rule: 'all' }, 'noctua_anomaly_score_count')).toBe(5);
    expect(await metricValue(metrics.scores, { rule: 'all' }, 'noctua_anomaly_score_sum')).toBe(0.9);
  });

  it('scores the fields of a wide sample (more than 64, reused tags) like the same fields sample by sample', async () => {
    const fields = Array.from({ length: 150 }, (_, f) => `leaf${f}`);
    const valueAt = (round: number, f: number) =>
      ((round * 7 + f * 13) % 11) + (round === 9 && f % 3 === 0 ? 40 : 0);
    const wide: Sample[] = [];
    const narrow: Sample[] = [];
    for (let round = 0; round < 12; round++) {
      wide.push(sample(round * 1000, Object.fromEntries(fields.map((name, f) => [name, valueAt(round, f)]))));
      for (const [f, name] of fields.entries())
        narrow.push(sample(round * 1000, { [name]: valueAt(round, f) }, { ...R1 }));
    }
    // sigma 4: only the spikes of round 9 score 1.
    const scoresOf = async (samples: Sample[]) =>
      (
        await run(samples, compileRules({ all: rule({}, { sigma: 4 }) }), {
          options: { maxSeries: 1000, idleExpiryMs: 0 },
        })
      )
        .map(({ point, score, expected }) => `${point.key} ${point.time} ${score} ${expected}`)
        .sort();
    const scores = await scoresOf(wide);
    expect(scores).toHaveLength(150 * 12);
    expect(scores.filter((line) => / 9000 1 /.test(line))).toHaveLength(50);
    expect(scores).toEqual(await scoresOf(narrow));
  });
});
