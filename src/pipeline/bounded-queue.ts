import { type MonoTypeOperatorFunction, Observable, type SchedulerLike } from 'rxjs';
import type { Metrics } from '../observability/metrics';

/** What a full queue gives up: the oldest item (keep fresh data) or the item being added. */
export type OverflowPolicy = 'drop_oldest' | 'drop_newest';

/**
 * A FIFO queue of at most `capacity` items on a ring buffer: every operation
 * is O(1) and nothing is copied. When full, `push` drops one item according
 * to the overflow policy, returns it and counts it in `dropped`.
 * (For a queue whose items may be `undefined`, check `dropped` rather than
 * the return value.)
 */
export class BoundedQueue<T> {
  /** Grows up to capacity on demand, then is reused as a ring. */
  private readonly slots: (T | undefined)[] = [];
  private head = 0;
  private length = 0;
  private droppedCount = 0;

  constructor(
    readonly capacity: number,
    readonly overflow: OverflowPolicy = 'drop_oldest',
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`queue capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.length;
  }

  /** Items dropped on overflow since the queue was made. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Adds an item at the end; returns the item dropped to make room, if any. */
  push(item: T): T | undefined {
    if (this.length === this.capacity) {
      this.droppedCount++;
      if (this.overflow === 'drop_newest') return item;
      const oldest = this.slots[this.head] as T;
      this.slots[this.head] = item;
      this.head = this.wrap(this.head + 1);
      return oldest;
    }
    // While the ring is not yet full size, this index is at most slots.length: the array grows by appending.
    this.slots[this.wrap(this.head + this.length)] = item;
    this.length++;
    return undefined;
  }

  /** Removes and returns the oldest item, undefined when empty. */
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = this.wrap(this.head + 1);
    this.length--;
    return item;
  }

  /** Removes and returns up to `max` of the oldest items, oldest first (all by default). */
  drain(max = this.length): T[] {
    const items: T[] = [];
    while (items.length < max && this.length > 0) items.push(this.shift() as T);
    return items;
  }

  private wrap(index: number): number {
    return index >= this.capacity ? index - this.capacity : index;
  }
}

export interface BoundedQueueOptions {
  /** The `queue` label of noctua_queue_depth and the `stage` label of drops. */
  name: string;
  capacity: number;
  overflow?: OverflowPolicy;
  /** Items emitted per scheduled task; the event loop runs other work between tasks. */
  chunk?: number;
  /** Schedules the emitting tasks; setImmediate by default. */
  scheduler?: SchedulerLike;
}

const DEFAULT_CHUNK = 1000;

/**
 * Decouples a bursty producer from its consumer: values are queued and
 * emitted downstream `chunk` at a time, one scheduled task per chunk. The
 * default scheduling is setImmediate, a macrotask that runs after pending I/O,
 * so that sockets and timers are served between chunks; rxjs' asapScheduler
 * uses microtasks, which would starve I/O as long as the queue is not empty.
 * A full queue drops according to `overflow` and counts in
 * noctua_samples_dropped_total{stage: name, reason: "queue_full"}; the depth
 * is exported as noctua_queue_depth{queue: name} after every task. When the
 * source ends, what is queued is emitted first, then the completion (or the
 * error). Unsubscribing cancels the pending task and discards the queue.
 */
export function boundedQueue<T>(
  options: BoundedQueueOptions,
  deps: { metrics: Metrics },
): MonoTypeOperatorFunction<T> {
  const chunk = options.chunk ?? DEFAULT_CHUNK;
  const depthLabels = { queue: options.name };
  const dropLabels = { stage: options.name, reason: 'queue_full' };
  return (source) =>
    new Observable<T>((subscriber) => {
      const queue = new BoundedQueue<T>(options.capacity, options.overflow);
      let cancelTask: (() => void) | undefined;
      let end: (() => void) | undefined;
      let reportedDrops = 0;

      const report = (): void => {
        if (queue.dropped > reportedDrops) {
          deps.metrics.samplesDropped.inc(dropLabels, queue.dropped - reportedDrops);
          reportedDrops = queue.dropped;
        }
        deps.metrics.queueDepth.set(depthLabels, queue.size);
      };
      const emitChunk = (): void => {
        cancelTask = undefined;
        for (let i = 0; i < chunk && queue.size > 0 && !subscriber.closed; i++) {
          subscriber.next(queue.shift() as T);
        }
        report();
        if (queue.size > 0) cancelTask ??= schedule(options.scheduler, emitChunk);
        else end?.();
      };
      const finish = (ending: () => void): void => {
        end = ending;
        if (queue.size === 0 && cancelTask === undefined) ending();
      };

      const subscription = source.subscribe({
        next: (value) => {
          queue.push(value);
          cancelTask ??= schedule(options.scheduler, emitChunk);
        },
        error: (error: unknown) => finish(() => subscriber.error(error)),
        complete: () => finish(() => subscriber.complete()),
      });
      return () => {
        subscription.unsubscribe();
        cancelTask?.();
        queue.drain();
        report();
      };
    });
}

/** Runs `work` once, later; returns a function that cancels it. */
function schedule(scheduler: SchedulerLike | undefined, work: () => void): () => void {
  if (scheduler !== undefined) {
    const action = scheduler.schedule(work);
    return () => action.unsubscribe();
  }
  const handle = setImmediate(work);
  return () => clearImmediate(handle);
}
