import { from, lastValueFrom, toArray } from 'rxjs';
import type { NoctuaEvent, Score } from '../../../src/core';
import { Metrics } from '../../../src/observability/metrics';
import { anomalyEvents } from '../../../src/pipeline/anomaly-events';
import { captureLogger, metricValue } from '../../support/observability';
import { score } from '../sinks/support';

const rules = { 'device-health': { threshold: 0.9, severity: 'critical' } };

function run(scores: Score[], maxOpen = 10) {
  const metrics = new Metrics({ processMetrics: false });
  const { logger, lines } = captureLogger();
  const events = lastValueFrom(
    from(scores).pipe(anomalyEvents({ rules, maxOpen }, { metrics, logger }), toArray()),
  );
  return { events, metrics, lines };
}

/** A score of device `device` at second `t`. */
const at = (t: number, value: number, device = 'r1', rule = 'device-health') => {
  const s = score({ score: value, rule, lower: 10, upper: 20 }, { tags: { device }, value: 42 });
  return { ...s, point: { ...s.point, time: t * 1000 } };
};

const brief = (e: NoctuaEvent) => `${e.tags.device} ${e.state} @${e.time / 1000}`;

test.each([
  ['below the threshold: nothing', [at(1, 0.2), at(2, 0.89)], []],
  [
    'a start at the threshold, an end when it falls below',
    [at(1, 0.2), at(2, 0.9), at(3, 0.99), at(4, 0.5)],
    ['r1 start @2', 'r1 end @4'],
  ],
  ['an anomaly still open at the end has only its start', [at(1, 0.95), at(2, 0.97)], ['r1 start @1']],
  [
    'series are independent',
    [at(1, 0.95, 'r1'), at(1, 0.95, 'r2'), at(2, 0.1, 'r2'), at(3, 0.1, 'r1')],
    ['r1 start @1', 'r2 start @1', 'r2 end @2', 'r1 end @3'],
  ],
  ['scores of an unknown rule are ignored', [at(1, 1, 'r1', 'other')], []],
])('%s', async (_name, scores, expected) => {
  expect((await run(scores).events).map(brief)).toEqual(expected);
});

test('an event carries the series, the rule, its severity and a text for annotations', async () => {
  const [start, end] = await run([at(5, 0.97), at(17, 0.1)]).events;
  expect(start).toEqual({
    type: 'anomaly',
    state: 'start',
    time: 5000,
    tags: {
      device: 'r1',
      measurement: 'system',
      field: 'cpu_util',
      rule: 'device-health',
      severity: 'critical',
    },
    text: 'anomaly on system,device=r1#cpu_util: value 42 outside 10..20, score 0.97',
    score: 0.97,
    value: 42,
  });
  expect(end).toMatchObject({ state: 'end', text: 'anomaly on system,device=r1#cpu_util ended after 12s' });
});

test('open anomalies are bounded: a start beyond the bound is counted, not reported', async () => {
  const { events, metrics } = run(
    [at(1, 0.95, 'r1'), at(1, 0.95, 'r2'), at(2, 0.1, 'r1'), at(3, 0.95, 'r2')],
    1,
  );
  expect((await events).map(brief)).toEqual(['r1 start @1', 'r1 end @2', 'r2 start @3']);
  expect(await metricValue(metrics.samplesDropped, { stage: 'anomaly_events', reason: 'open_limit' })).toBe(
    1,
  );
});

test('a start is logged as a warning with the band, an end as info with the duration', async () => {
  const { events, lines } = run([at(5, 0.97), at(6, 0.99), at(17, 0.1), at(20, 0.95)]);
  await events;
  const logged = lines.filter((l) => String(l.msg).startsWith('anomaly'));
  expect(logged.map((l) => [l.level, l.msg, l.time])).toEqual([
    [40, 'anomaly', 5000],
    [30, 'anomaly ended', 17_000],
    [40, 'anomaly', 20_000],
  ]);
  expect(logged[0]).toMatchObject({
    series: 'system,device=r1#cpu_util',
    rule: 'device-health',
    value: 42,
    lower: 10,
    upper: 20,
    score: 0.97,
  });
  expect(logged[1]).toMatchObject({ seconds: 12 });
});
