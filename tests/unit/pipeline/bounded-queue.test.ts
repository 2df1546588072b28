import { type SchedulerLike, Subject, Subscription } from 'rxjs';
import { Metrics } from '../../../src/observability/metrics';
import { BoundedQueue, boundedQueue } from '../../../src/pipeline/bounded-queue';
import { metricValue } from '../../support/observability';

describe('BoundedQueue', () => {
  it('is first in, first out', () => {
    const queue = new BoundedQueue<number>(3);
    for (const n of [1, 2, 3]) queue.push(n);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual([1, 2, 3, undefined]);
    expect(queue.size).toBe(0);
  });

  it.each([
    { overflow: 'drop_oldest' as const, returned: [1, 2], kept: [3, 4, 5] },
    { overflow: 'drop_newest' as const, returned: [4, 5], kept: [1, 2, 3] },
  ])('when full, $overflow drops and returns $returned', ({ overflow, returned, kept }) => {
    const queue = new BoundedQueue<number>(3, overflow);
    const dropped = [1, 2, 3, 4, 5].map((n) => queue.push(n)).filter((n) => n !== undefined);
    expect(dropped).toEqual(returned);
    expect(queue.dropped).toBe(2);
    expect(queue.drain()).toEqual(kept);
  });

  it('drops the oldest by default', () => {
    expect(new BoundedQueue(1).overflow).toBe('drop_oldest');
  });

  it('drains up to n items, oldest first', () => {
    const queue = new BoundedQueue<number>(5);
    for (const n of [1, 2, 3, 4]) queue.push(n);
    expect(queue.drain(3)).toEqual([1, 2, 3]);
    expect(queue.drain(3)).toEqual([4]);
    expect(queue.drain()).toEqual([]);
  });

  it('keeps order while wrapping around its ring', () => {
    const queue = new BoundedQueue<number>(4);
    const model: number[] = [];
    for (let i = 0; i < 1000; i++) {
      queue.push(i);
      model.push(i);
      if (model.length > 4) model.shift();
      if (i % 3 === 0) expect(queue.shift()).toBe(model.shift());
      expect(queue.size).toBe(model.length);
    }
    expect(queue.drain()).toEqual(model);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses capacity %p', (capacity) => {
    expect(() => new BoundedQueue(capacity)).toThrow(RangeError);
  });
});

/** A scheduler whose tasks run when the test says so. */
function manualScheduler() {
  const tasks: Array<() => void> = [];
  const scheduler = {
    now: () => 0,
    schedule(work: () => void) {
      tasks.push(work);
      return new Subscription(() => {
        const index = tasks.indexOf(work);
        if (index >= 0) tasks.splice(index, 1);
      });
    },
  } as unknown as SchedulerLike;
  return { scheduler, pending: () => tasks.length, runNext: () => tasks.shift()?.() };
}

describe('boundedQueue operator', () => {
  function setUp(
    options: { capacity?: number; overflow?: 'drop_oldest' | 'drop_newest'; chunk?: number } = {},
  ) {
    const metrics = new Metrics({ processMetrics: false });
    const manual = manualScheduler();
    const source = new Subject<number>();
    const received: number[] = [];
    const events: string[] = [];
    const subscription = source
      .pipe(
        boundedQueue(
          { name: 'ingest', capacity: 100, chunk: 2, ...options, scheduler: manual.scheduler },
          { metrics },
        ),
      )
      .subscribe({
        next: (n) => received.push(n),
        error: (error: Error) => events.push(`error ${error.message}`),
        complete: () => events.push('complete'),
      });
    return { metrics, source, received, events, subscription, ...manual };
  }

  it('emits nothing synchronously, then one chunk per task', () => {
    const { source, received, runNext, pending } = setUp({ chunk: 2 });
    for (const n of [1, 2, 3, 4, 5]) source.next(n);
    expect(received).toEqual([]);
    expect(pending()).toBe(1);
    runNext();
    expect(received).toEqual([1, 2]);
    runNext();
    expect(received).toEqual([1, 2, 3, 4]);
    runNext();
    expect(received).toEqual([1, 2, 3, 4, 5]);
    expect(pending()).toBe(0);
  });

  it('exports the depth after every task', async () => {
    const { source, metrics, runNext } = setUp({ chunk: 2 });
    for (const n of [1, 2, 3, 4, 5]) source.next(n);
    runNext();
    expect(await metricValue(metrics.queueDepth, { queue: 'ingest' })).toBe(3);
    runNext();
    runNext();
    expect(await metricValue(metrics.queueDepth, { queue: 'ingest' })).toBe(0);
  });

  it.each([
    { overflow: 'drop_oldest' as const, kept: [3, 4, 5] },
    { overflow: 'drop_newest' as const, kept: [1, 2, 3] },
  ])('counts what $overflow drops', async ({ overflow, kept }) => {
    const { source, received, metrics, runNext } = setUp({ capacity: 3, overflow, chunk: 10 });
    for (const n of [1, 2, 3, 4, 5]) source.next(n);
    runNext();
    expect(received).toEqual(kept);
    expect(await metricValue(metrics.samplesDropped, { stage: 'ingest', reason: 'queue_full' })).toBe(2);
  });

  it('emits what is queued before completing', () => {
    const { source, received, events, runNext } = setUp({ chunk: 2 });
    for (const n of [1, 2, 3]) source.next(n);
    source.complete();
    expect(events).toEqual([]);
    runNext();
    expect(events).toEqual([]);
    runNext();
    expect(received).toEqual([1, 2, 3]);
    expect(events).toEqual(['complete']);
  });

  it('completes at once when nothing is queued', () => {
    const { source, events } = setUp();
    source.complete();
    expect(events).toEqual(['complete']);
  });

  it('emits what is queued before the error', () => {
    const { source, received, events, runNext } = setUp({ chunk: 10 });
    for (const n of [1, 2]) source.next(n);
    source.error(new Error('boom'));
    runNext();
    expect(received).toEqual([1, 2]);
    expect(events).toEqual(['error boom']);
  });

  it('cancels pending work on unsubscribe', async () => {
    const { source, received, subscription, pending, metrics } = setUp();
    for (const n of [1, 2, 3]) source.next(n);
    subscription.unsubscribe();
    expect(pending()).toBe(0);
    expect(source.observed).toBe(false);
    expect(received).toEqual([]);
    expect(await metricValue(metrics.queueDepth, { queue: 'ingest' })).toBe(0);
  });

  it('stops emitting when the consumer unsubscribes in the middle of a chunk', () => {
    const metrics = new Metrics({ processMetrics: false });
    const manual = manualScheduler();
    const source = new Subject<number>();
    const received: number[] = [];
    const subscription = source
      .pipe(boundedQueue({ name: 'q', capacity: 10, chunk: 10, scheduler: manual.scheduler }, { metrics }))
      .subscribe((n) => {
        received.push(n);
        if (n === 2) subscription.unsubscribe();
      });
    for (const n of [1, 2, 3, 4]) source.next(n);
    manual.runNext();
    expect(received).toEqual([1, 2]);
    expect(manual.pending()).toBe(0);
  });

  it('by default emits from a macrotask (setImmediate), one chunk per turn of the event loop', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const source = new Subject<number>();
    const received: number[] = [];
    let completed = false;
    source.pipe(boundedQueue({ name: 'q', capacity: 10, chunk: 2 }, { metrics })).subscribe({
      next: (n) => received.push(n),
      complete: () => {
        completed = true;
      },
    });
    for (const n of [1, 2, 3]) source.next(n);
    source.complete();
    await Promise.resolve();
    expect(received).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual([1, 2]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual([1, 2, 3]);
    expect(completed).toBe(true);
  });
});
