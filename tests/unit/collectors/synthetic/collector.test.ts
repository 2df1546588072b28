import { lastValueFrom, map, take, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { SyntheticCollector } from '../../../../src/collectors/synthetic/collector';
import type { Sample } from '../../../../src/core';
import { createLogger } from '../../../../src/observability/logger';
import { Metrics } from '../../../../src/observability/metrics';
import { StatusBoard } from '../../../../src/observability/status';
import { syntheticConfig } from './support';

function collector(overrides: Record<string, unknown> = {}, now?: () => number) {
  const status = new StatusBoard();
  const deps = {
    logger: createLogger({ level: 'silent' }),
    metrics: new Metrics({ processMetrics: false }),
    status,
    now,
  };
  return { collector: new SyntheticCollector('lab', syntheticConfig(overrides), deps), status };
}

describe('pace realtime', () => {
  afterEach(() => jest.useRealTimers());

  test('round 0 at once in the current slot, then one round at each following slot (marbles)', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ expectObservable }) => {
      const { collector: c } = collector({ interval: '10ms', rounds: 3 }, () => scheduler.now());
      expectObservable(c.samples$().pipe(map((s) => s.time))).toBe('a 9ms b 9ms (c|)', {
        a: 0,
        b: 10,
        c: 20,
      });
    });
  });

  test('slots are aligned on the wall clock, and nothing is emitted before a slot', async () => {
    jest.useFakeTimers({ now: 1_000_400 });
    const times: number[] = [];
    const { collector: c, status } = collector({ interval: '1s', devices: ['r1', 'r2'] });
    const subscription = c.samples$().subscribe((s) => times.push(s.time));
    expect(times).toEqual([1_000_000, 1_000_000]);
    expect(status.get('collector', 'lab')?.state).toBe('up');
    await jest.advanceTimersByTimeAsync(599);
    expect(times).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(times.slice(2)).toEqual([1_001_000, 1_001_000]);
    subscription.unsubscribe();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(times).toHaveLength(4);
  });

  test('rounds missed while the event loop was blocked follow at once, without gaps', async () => {
    jest.useFakeTimers({ now: 0 });
    const times: number[] = [];
    const subscription = collector({ interval: '1s' })
      .collector.samples$()
      .subscribe((s) => times.push(s.time));
    jest.setSystemTime(4_500); // the clock moves on while no timer can run
    await jest.advanceTimersByTimeAsync(1_000); // round 1's timer, late
    await jest.advanceTimersByTimeAsync(10); // the missed rounds, a (fake) millisecond apart
    expect(times).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000]);
    subscription.unsubscribe();
  });

  test('once emits one round and completes', async () => {
    const samples = await lastValueFrom(
      collector({ devices: ['r1', 'r2', 'r3'] })
        .collector.samples$({ once: true })
        .pipe(toArray()),
    );
    expect(samples.map((s) => s.tags.device)).toEqual(['r1', 'r2', 'r3']);
  });
});

describe('pace max', () => {
  const fast = { pace: 'max', start_time: '2026-01-01T00:00:00Z', interval: '1m' };

  test('simulated time starts at start_time and advances by interval; rounds ends the stream', async () => {
    const samples = await lastValueFrom(
      collector({ ...fast, rounds: 3, devices: ['r1', 'r2'] })
        .collector.samples$()
        .pipe(toArray()),
    );
    const start = Date.parse('2026-01-01T00:00:00Z');
    expect(samples.map((s) => [s.tags.device, s.time - start])).toEqual([
      ['r1', 0],
      ['r2', 0],
      ['r1', 60_000],
      ['r2', 60_000],
      ['r1', 120_000],
      ['r2', 120_000],
    ]);
  });

  test('without start_time, simulated time starts now', async () => {
    const [sample] = await lastValueFrom(
      collector({ pace: 'max', rounds: 1 }, () => 1_234_567)
        .collector.samples$()
        .pipe(toArray()),
    );
    expect(sample!.time).toBe(1_234_567);
  });

  test('samples come in chunks that let the event loop run in between', async () => {
    const c = collector({ ...fast, rounds: 2, devices: { count: 20_000 } }).collector;
    const emittedBeforeEachTask: number[] = [];
    let emitted = 0;
    const done = lastValueFrom(c.samples$().pipe(map(() => emitted++)));
    expect(emitted).toBe(0);
    const watch = setInterval(() => emittedBeforeEachTask.push(emitted), 0);
    await done;
    clearInterval(watch);
    expect(emitted).toBe(40_000);
    expect(new Set(emittedBeforeEachTask.filter((n) => n > 0 && n < 40_000)).size).toBeGreaterThan(1);
  });

  test('unsubscribing stops the generation', async () => {
    const c = collector({ ...fast, devices: { count: 1_000 } }).collector;
    let emitted = 0;
    const received: Sample[] = await lastValueFrom(
      c.samples$().pipe(
        map((s) => {
          emitted++;
          return s;
        }),
        take(2_500),
        toArray(),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toHaveLength(2_500);
    expect(emitted).toBeLessThanOrEqual(5_000);
  });

  test('once emits one round and completes', async () => {
    const samples = await lastValueFrom(
      collector({ ...fast, devices: ['r1', 'r2'] })
        .collector.samples$({ once: true })
        .pipe(toArray()),
    );
    expect(samples).toHaveLength(2);
  });
});

test('the stream is cold: each subscription is a run of its own from round 0', async () => {
  const c = collector({ pace: 'max', start_time: '2026-01-01T00:00:00Z', rounds: 2, seed: 3 }).collector;
  const values = (samples: Sample[]) => samples.map((s) => s.fields.cpu_util);
  const first = await lastValueFrom(c.samples$().pipe(toArray()));
  const second = await lastValueFrom(c.samples$().pipe(toArray()));
  expect(values(second)).toEqual(values(first));
});
