import type { Sample } from '../../../src/core';
import { Metrics } from '../../../src/observability/metrics';
import { StatusBoard } from '../../../src/observability/status';
import { BufferedSink } from '../../../src/sinks/buffered';
import type { BufferConfig } from '../../../src/sinks/common';
import { captureLogger, metricValue } from '../../support/observability';
import { MemoryTarget, sample, score } from './support';

const STAGE = { stage: 'sink:mem' };

function options(overrides: Partial<BufferConfig> = {}): BufferConfig {
  return {
    data: ['samples', 'scores'],
    batch_size: 3,
    flush_interval: 1_000,
    buffer_size: 100,
    overflow: 'drop_oldest',
    max_in_flight: 1,
    retry: { initial: 500, max: 4_000 },
    ...overrides,
  };
}

function setup(overrides: Partial<BufferConfig> = {}) {
  const target = new MemoryTarget();
  const metrics = new Metrics({ processMetrics: false });
  const status = new StatusBoard();
  const { logger, lines } = captureLogger();
  const sink = new BufferedSink(target, options(overrides), { logger, metrics, status, random: () => 0 });
  const write = (...values: number[]) => {
    for (const v of values) sink.writeSample(sample({ fields: { v } }));
  };
  return { target, metrics, status, lines, sink, write };
}

const settle = () => jest.advanceTimersByTimeAsync(0);

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

test('writes a batch as soon as batch_size records are buffered, the rest at the flush interval', async () => {
  const { target, sink, write, metrics } = setup();
  await sink.start();
  write(1, 2, 3, 4, 5, 6, 7);
  await settle();
  expect(target.batches).toEqual([
    ['1', '2', '3'],
    ['4', '5', '6'],
  ]);
  await jest.advanceTimersByTimeAsync(999);
  expect(target.batches).toHaveLength(2);
  await jest.advanceTimersByTimeAsync(1);
  expect(target.batches.at(-1)).toEqual(['7']);
  expect(await metricValue(metrics.sinkRecords, { sink: 'mem' })).toBe(7);
  expect(await metricValue(metrics.sinkWrites, { sink: 'mem', result: 'success' })).toBe(3);
  expect(await metricValue(metrics.queueDepth, { queue: 'sink:mem' })).toBe(0);
});

test('records written before start wait for it', async () => {
  const { target, sink, write } = setup();
  write(1, 2, 3, 4);
  await settle();
  expect(target.batches).toEqual([]);
  await sink.start();
  await settle();
  expect(target.batches).toEqual([['1', '2', '3']]);
});

test('a sink stores only the data it is configured for', async () => {
  const onlySamples = setup({ data: ['samples'], batch_size: 1 });
  await onlySamples.sink.start();
  onlySamples.sink.writeScore(score());
  onlySamples.write(1);
  const onlyScores = setup({ data: ['scores'], batch_size: 1 });
  await onlyScores.sink.start();
  onlyScores.write(1);
  onlyScores.sink.writeScore(score({ score: 0.5 }));
  await settle();
  expect(onlySamples.target.batches).toEqual([['1']]);
  expect(onlyScores.target.batches).toEqual([['score 0.5']]);
});

test.each([
  ['drop_oldest', ['3', '4', '5']],
  ['drop_newest', ['1', '2', '3']],
] as const)('a full buffer with %s drops and counts, and logs once per interval', async (overflow, kept) => {
  const { target, sink, write, metrics, lines } = setup({ overflow, buffer_size: 3, batch_size: 10 });
  await sink.start();
  write(1, 2, 3, 4, 5);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(target.batches).toEqual([kept]);
  expect(await metricValue(metrics.samplesDropped, { ...STAGE, reason: 'buffer_full' })).toBe(2);
  const warnings = lines.filter((l) => l.msg === 'sink buffer full, dropping records');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatchObject({ policy: overflow, occurrences: 1 });
});

test('a failed batch is retried with backoff before any later record, keeping order', async () => {
  const { target, sink, write, metrics, status } = setup({ batch_size: 2 });
  await sink.start();
  target.failures = 2;
  write(1, 2, 3, 4, 5);
  await settle();
  expect(target.attempts).toBe(1);
  expect(status.get('sink', 'mem')).toMatchObject({ state: 'degraded', lastError: 'target unavailable' });
  expect(await metricValue(metrics.sinkUp, { sink: 'mem' })).toBe(0);

  await jest.advanceTimersByTimeAsync(499);
  expect(target.attempts).toBe(1);
  await jest.advanceTimersByTimeAsync(1); // first retry after 500 ms, fails again
  expect(target.attempts).toBe(2);
  await jest.advanceTimersByTimeAsync(1_000); // second retry after 1000 ms succeeds, then the rest follows
  expect(target.batches).toEqual([['1', '2'], ['3', '4'], ['5']]);
  expect(status.get('sink', 'mem')?.state).toBe('up');
  expect(await metricValue(metrics.sinkUp, { sink: 'mem' })).toBe(1);
  expect(await metricValue(metrics.sinkWrites, { sink: 'mem', result: 'failure' })).toBe(2);
});

test('while a batch is retried, new records buffer under the bound and the batch itself is never dropped', async () => {
  const { target, sink, write, metrics } = setup({ batch_size: 2, buffer_size: 2 });
  await sink.start();
  target.failures = 1;
  write(1, 2);
  await settle();
  write(3, 4, 5);
  await jest.advanceTimersByTimeAsync(500);
  expect(target.batches).toEqual([
    ['1', '2'],
    ['4', '5'],
  ]);
  expect(await metricValue(metrics.samplesDropped, { ...STAGE, reason: 'buffer_full' })).toBe(1);
});

test('at most one write is in flight', async () => {
  const { target, sink, write } = setup({ batch_size: 2 });
  await sink.start();
  target.hold = true;
  write(1, 2, 3, 4, 5, 6);
  await settle();
  expect(target.attempts).toBe(1);
  for (let i = 0; i < 3; i++) {
    target.release();
    await settle();
  }
  expect(target.maxInFlight).toBe(1);
  expect(target.batches).toEqual([
    ['1', '2'],
    ['3', '4'],
    ['5', '6'],
  ]);
});

test('close flushes what is buffered, then closes the target; it is idempotent', async () => {
  const { target, sink, write, status, metrics } = setup({ batch_size: 100 });
  await sink.start();
  write(1, 2);
  const closing = sink.close(Date.now() + 5_000);
  expect(sink.close(Date.now() + 5_000)).toBe(closing);
  await closing;
  expect(target.batches).toEqual([['1', '2']]);
  expect(target.closed).toBe(1);
  expect(status.get('sink', 'mem')?.state).toBe('stopped');
  write(3);
  await settle();
  expect(await metricValue(metrics.samplesDropped, { ...STAGE, reason: 'closed' })).toBe(1);
});

test('flush retries until the deadline and leaves the rest buffered', async () => {
  const { target, sink, write } = setup({ batch_size: 100 });
  await sink.start();
  target.failures = 10;
  write(1);
  const flushing = sink.flush(Date.now() + 1_200);
  await jest.advanceTimersByTimeAsync(1_200);
  await flushing;
  expect(target.attempts).toBe(2); // at 0 and 500 ms; the next, at 1500 ms, is after the deadline
  expect(target.batches).toEqual([]);
  target.failures = 0;
  await jest.advanceTimersByTimeAsync(1_000);
  expect(target.batches).toEqual([['1']]);
});

test('what is not written by the close deadline is counted as dropped and logged with the count', async () => {
  const { target, sink, write, metrics, lines } = setup({ batch_size: 2 });
  await sink.start();
  target.failures = Number.POSITIVE_INFINITY;
  write(1, 2, 3);
  const closing = sink.close(Date.now() + 2_000);
  await jest.advanceTimersByTimeAsync(2_000);
  await closing;
  expect(await metricValue(metrics.samplesDropped, { ...STAGE, reason: 'deadline' })).toBe(3);
  expect(lines.find((l) => l.level === 50)).toMatchObject({ records: 3 });
  expect(target.closed).toBe(1);
  const attempts = target.attempts;
  await jest.advanceTimersByTimeAsync(60_000);
  expect(target.attempts).toBe(attempts);
});

test('records that cannot be encoded are counted, not buffered', async () => {
  const { target, sink, metrics } = setup({ batch_size: 1 });
  target.encoder.encodeSample = (s: Sample) => {
    if (s.fields.v === 2) throw new Error('bad record');
    return s.fields.v === 1 ? '' : 'ok';
  };
  await sink.start();
  for (const v of [1, 2, 3]) sink.writeSample(sample({ fields: { v } }));
  await settle();
  expect(target.batches).toEqual([['ok']]);
  expect(await metricValue(metrics.samplesDropped, { ...STAGE, reason: 'unencodable' })).toBe(2);
});

test('status goes from starting to up; a target that fails to start leaves the sink down', async () => {
  const { target, sink, status } = setup();
  let finishStart: () => void = () => {};
  target.start = () => new Promise<void>((resolve) => (finishStart = resolve));
  const starting = sink.start();
  expect(status.get('sink', 'mem')?.state).toBe('starting');
  finishStart();
  await starting;
  expect(status.get('sink', 'mem')?.state).toBe('up');

  const failing = setup();
  failing.target.start = () => Promise.reject(new Error('no such directory'));
  await expect(failing.sink.start()).rejects.toThrow('no such directory');
  expect(failing.status.get('sink', 'mem')).toMatchObject({ state: 'down', lastError: 'no such directory' });
});

test('with max_in_flight, that many batches are written at once; a failed one is retried alone, after the backoff', async () => {
  const { target, sink, write, metrics } = setup({ max_in_flight: 2 });
  await sink.start();
  target.hold = true;
  write(1, 2, 3, 4, 5, 6, 7, 8, 9);
  await settle();
  expect(target.maxInFlight).toBe(2);
  target.failures = 1;
  target.release();
  await settle();
  target.hold = false;
  target.release();
  await settle();
  expect(target.batches.flat().sort()).toEqual(['4', '5', '6', '7', '8', '9']);
  await jest.advanceTimersByTimeAsync(500);
  expect(target.batches.flat().sort()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  expect(await metricValue(metrics.sinkWrites, { sink: 'mem', result: 'failure' })).toBe(1);
  expect(target.maxInFlight).toBe(2);
});
