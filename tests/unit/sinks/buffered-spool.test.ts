import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metrics } from '../../../src/observability/metrics';
import { StatusBoard } from '../../../src/observability/status';
import { BufferedSink } from '../../../src/sinks/buffered';
import { captureLogger, metricValue } from '../../support/observability';
import { waitFor } from '../../support/process';
import { MemoryTarget, sample } from './support';

/* The buffered sink with a disk spool: real files, real (short) timers. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'noctua-buffered-spool-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup(target = new MemoryTarget(), maxSize = 1 << 20, maxInFlight = 1) {
  const metrics = new Metrics({ processMetrics: false });
  const { logger, lines } = captureLogger('info');
  const sink = new BufferedSink(
    target,
    {
      data: ['samples', 'scores', 'events'],
      batch_size: 4,
      flush_interval: 20,
      buffer_size: 1000,
      overflow: 'drop_oldest',
      max_in_flight: maxInFlight,
      retry: { initial: 10, max: 40 },
      spool: { dir, max_size: maxSize, segment_size: 256 },
    },
    { logger, metrics, status: new StatusBoard() },
  );
  let next = 0;
  const write = (count: number) => {
    for (let i = 0; i < count; i++) sink.writeSample(sample({ fields: { v: next++ } }));
  };
  return { target, sink, metrics, lines, write };
}

const written = (target: MemoryTarget) => target.batches.flat();
const sequence = (from: number, to: number) => [...Array(to - from).keys()].map((i) => String(from + i));

test.each([1, 3])(
  'an outage spools everything in order; when the target is back the spool drains while new records flow (max_in_flight %d)',
  async (maxInFlight) => {
    const { target, sink, metrics, write } = setup(new MemoryTarget(), 1 << 20, maxInFlight);
    target.failures = Number.POSITIVE_INFINITY;
    await sink.start();
    write(40);
    await waitFor(
      async () => ((await metricValue(metrics.sinkSpooled, { sink: 'mem' })) === 40 ? true : undefined),
      5_000,
      '40 spooled',
    );
    expect(await metricValue(metrics.sinkSpoolBytes, { sink: 'mem' })).toBeGreaterThan(0);

    target.failures = 0;
    write(20);
    await sink.flush(Date.now() + 5_000);
    // With writes in parallel before the outage was noticed, batches may be reordered; none is lost or doubled.
    const values = written(target);
    expect(maxInFlight === 1 ? values : [...values].sort((a, b) => Number(a) - Number(b))).toEqual(
      sequence(0, 60),
    );
    expect(await metricValue(metrics.sinkSpoolBytes, { sink: 'mem' })).toBe(0);
    expect(await metricValue(metrics.sinkRecords, { sink: 'mem' })).toBe(60);
    await sink.close(Date.now() + 1_000);
  },
);

test('closing during an outage keeps everything in the spool; the next start writes it first, exactly once', async () => {
  const down = setup();
  down.target.failures = Number.POSITIVE_INFINITY;
  await down.sink.start();
  down.write(30);
  await down.sink.close(Date.now() + 200);
  expect(await metricValue(down.metrics.samplesDropped)).toBe(0);
  expect(down.lines).toContainEqual(
    expect.objectContaining({
      msg: 'records not yet written stay in the spool for the next start',
      records: 30,
    }),
  );

  // A restart, still during the outage: new records queue behind the spooled ones.
  const stillDown = setup();
  stillDown.target.failures = Number.POSITIVE_INFINITY;
  await stillDown.sink.start();
  stillDown.write(10);
  await stillDown.sink.close(Date.now() + 200);

  const back = setup();
  await back.sink.start();
  back.write(5);
  await back.sink.close(Date.now() + 5_000);
  // Each run numbers its records from 0: spooled 0-29, then 0-9, then the 5 new ones, in that order.
  expect(written(back.target)).toEqual([...sequence(0, 30), ...sequence(0, 10), ...sequence(0, 5)]);
});

test('at the size cap new batches are dropped, counted and logged', async () => {
  const { target, sink, metrics, lines, write } = setup(new MemoryTarget(), 120);
  target.failures = Number.POSITIVE_INFINITY;
  await sink.start();
  write(200);
  await sink.close(Date.now() + 200);
  const spooled = await metricValue(metrics.sinkSpooled, { sink: 'mem' });
  const dropped = await metricValue(metrics.samplesDropped, { stage: 'sink:mem', reason: 'spool_full' });
  expect(spooled).toBeGreaterThan(0);
  expect(spooled + dropped).toBe(200);
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'sink spool full, dropping records' }));
});

test('when the spool cannot be written, the batches are dropped, counted and logged; the sink keeps running', async () => {
  const { target, sink, metrics, lines, write } = setup();
  target.failures = Number.POSITIVE_INFINITY;
  await sink.start();
  rmSync(dir, { recursive: true, force: true }); // new segments cannot be created any more
  write(100);
  await sink.close(Date.now() + 300);
  const spooled = await metricValue(metrics.sinkSpooled, { sink: 'mem' });
  const dropped = await metricValue(metrics.samplesDropped, { stage: 'sink:mem', reason: 'spool_error' });
  expect(dropped).toBeGreaterThan(0);
  expect(spooled + dropped).toBe(100);
  expect(lines).toContainEqual(
    expect.objectContaining({ msg: 'could not write to the spool, records dropped' }),
  );
});
