import { from, lastValueFrom, toArray } from 'rxjs';
import { compileRules } from '../../../src/alerting/rule-matcher';
import type { RuleConfig } from '../../../src/config/schema';
import type { Sample, Tags } from '../../../src/core/sample';
import { Metrics } from '../../../src/observability/metrics';
import { anomalyEvents } from '../../../src/pipeline/anomaly-events';
import { detect } from '../../../src/pipeline/detect';
import { captureLogger } from '../../support/observability';

const rules = compileRules({
  heartbeat: {
    match: { measurement: '*', fields: ['*'], tags: {} },
    detector: { type: 'missing', factor: 3, min_points: 2 },
    threshold: 0.9,
    severity: 'warning',
    labels: {},
  } satisfies RuleConfig,
});

const sample = (time: number, device: string): Sample => ({
  measurement: 'system',
  tags: { device } as Tags,
  fields: { up: 1 },
  time,
  source: 'lab',
});

/** Both devices every 10 s up to 30 s; then only r2 reports, every 5 s, up to 70 s. */
function samples(): Sample[] {
  const result: Sample[] = [];
  for (let t = 0; t <= 30_000; t += 10_000) result.push(sample(t, 'r1'), sample(t, 'r2'));
  for (let t = 35_000; t <= 70_000; t += 5_000) result.push(sample(t, 'r2'));
  return result;
}

describe('detect: series that stop reporting', () => {
  it('are scored at the data time of the others, and the anomaly starts once', async () => {
    const { logger, lines } = captureLogger();
    const metrics = new Metrics({ processMetrics: false });
    const scores = await lastValueFrom(
      from(samples()).pipe(detect(rules, { maxSeries: 10, idleExpiryMs: 0 }, { metrics }), toArray()),
    );
    const silent = scores.filter((s) => s.point.key.includes('r1') && Number.isNaN(s.point.value));
    // r1's usual interval is 10 s: overdue after 40 s, 0.9 at 60 s (3 intervals), 1 beyond.
    expect(silent.map((s) => [s.point.time, Number(s.score.toFixed(6))])).toEqual([
      [45_000, 0.225],
      [50_000, 0.45],
      [55_000, 0.675],
      [60_000, 0.9],
      [65_000, 1],
      [70_000, 1],
    ]);
    expect(silent[0]).toMatchObject({
      rule: 'heartbeat',
      detector: 'missing',
      expected: 10_000,
      upper: 30_000,
    });
    const events = await lastValueFrom(
      from(scores).pipe(
        anomalyEvents(
          { rules: { heartbeat: { threshold: 0.9, severity: 'warning' } }, maxOpen: 10 },
          { metrics, logger },
        ),
        toArray(),
      ),
    );
    expect(events.map((e) => [e.state, e.tags.device, e.time])).toEqual([['start', 'r1', 60_000]]);
    const logged = lines.filter((line) => line.msg === 'anomaly');
    expect(logged).toEqual([expect.objectContaining({ series: 'system,device=r1#up', time: 60_000 })]);
  });
});
