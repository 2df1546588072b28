import { backoffDelay, type Sample, type Score, type Sink, type SinkTarget } from '../core';
import { BatchedCounter } from '../observability/batched-counter';
import { type Logger, LogThrottle } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { StatusBoard } from '../observability/status';
import { BoundedQueue } from '../pipeline/bounded-queue';
import type { BufferConfig } from './common';

export interface BufferedSinkDeps {
  /** The sink's own child logger. */
  logger: Logger;
  metrics: Metrics;
  status: StatusBoard;
  /** Wall clock for deadlines and log throttling, epoch ms; Date.now by default. */
  now?: () => number;
  /** Jitter of retry delays, [0, 1); Math.random by default. */
  random?: () => number;
}

/** Repeated warnings (buffer full, unencodable records) are logged at most this often, with a count. */
const LOG_EVERY_MS = 10_000;

/**
 * The only place where a sink batches (like Telegraf's running_output):
 * records are encoded by the target as they arrive and held in a bounded
 * buffer (`buffer_size`, overflow policy, every drop counted). A batch of
 * `batch_size` is written when that many are buffered, and whatever is
 * buffered every `flush_interval`; one write at a time. A failed batch is
 * retried with capped exponential backoff until it is written, before any
 * later record, so order is kept; it is held outside the buffer meanwhile,
 * so overflow never drops it, while new records keep buffering under the
 * bound. `close(deadline)` flushes, then counts and logs what could not be
 * written in time, then closes the target.
 */
export class BufferedSink implements Sink {
  readonly kind: string;
  readonly name: string;
  private readonly buffer: BoundedQueue<string>;
  private readonly stores: { readonly samples: boolean; readonly scores: boolean };
  private readonly logger: Logger;
  private readonly metrics: Metrics;
  private readonly status: StatusBoard;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly throttle = new LogThrottle(LOG_EVERY_MS);
  private readonly encodeSample: (sample: Sample) => string;
  private readonly encodeScore: (score: Score) => string;
  private readonly stage: string;
  private readonly labels: { readonly sink: string };
  /** Per-record drops, counted in batches (a labelled Counter.inc is too slow for every record). */
  private readonly dropped: Readonly<
    Record<'buffer_full' | 'unencodable' | 'closed', BatchedCounter<'stage' | 'reason'>>
  >;

  /** The batch being written or waiting for its retry; taken out of the buffer. */
  private batch: string[] | undefined;
  /** Consecutive failed attempts to write `batch`. */
  private failures = 0;
  /** Set by the flush timer and flush(): write partial batches until the buffer is empty. */
  private flushRequested = false;
  /** Pending flush() calls, resolved when the buffer is empty and nothing is in flight. */
  private readonly flushWaiters: Array<() => void> = [];
  private writing = false;
  private wakeWriter: (() => void) | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;
  private started = false;
  private closing: Promise<void> | undefined;
  /** Set at the close deadline: the writer gives up. */
  private stopped = false;

  constructor(
    private readonly target: SinkTarget,
    private readonly options: BufferConfig,
    deps: BufferedSinkDeps,
  ) {
    this.kind = target.kind;
    this.name = target.name;
    this.buffer = new BoundedQueue(options.buffer_size, options.overflow);
    this.stores = { samples: options.data.includes('samples'), scores: options.data.includes('scores') };
    this.logger = deps.logger;
    this.metrics = deps.metrics;
    this.status = deps.status;
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.encodeSample = (sample) => target.encodeSample(sample);
    this.encodeScore = (score) => target.encodeScore(score);
    this.stage = `sink:${target.name}`;
    this.labels = { sink: target.name };
    const dropCounter = (reason: string) =>
      new BatchedCounter(deps.metrics.samplesDropped, { stage: this.stage, reason });
    this.dropped = {
      buffer_full: dropCounter('buffer_full'),
      unencodable: dropCounter('unencodable'),
      closed: dropCounter('closed'),
    };
  }

  /** Starts the target, then the flush timer. Idempotent. */
  start(): Promise<void> {
    this.starting ??= this.open();
    return this.starting;
  }

  writeSample(sample: Sample): void {
    if (this.stores.samples) this.add(this.encodeSample, sample);
  }

  writeScore(score: Score): void {
    if (this.stores.scores) this.add(this.encodeScore, score);
  }

  /**
   * Writes everything buffered, retrying until the deadline (epoch ms). What
   * is not written by then stays buffered and the sink keeps retrying.
   */
  async flush(deadline: number): Promise<void> {
    if (this.buffer.size === 0 && this.batch === undefined) return;
    const done = new Promise<void>((resolve) => this.flushWaiters.push(resolve));
    this.flushRequested = true;
    this.wakeWriter?.(); // a batch waiting for its retry is tried again now
    this.startWriter();
    await settleBefore(done, deadline, this.now);
  }

  /** Stops accepting records, flushes until the deadline, counts the rest as dropped and closes the target. Idempotent. */
  close(deadline: number): Promise<void> {
    this.closing ??= this.shutdown(deadline);
    return this.closing;
  }

  private async open(): Promise<void> {
    this.status.set('sink', this.name, 'starting');
    try {
      await this.target.start();
    } catch (error) {
      this.status.error('sink', this.name, error, 'down');
      this.metrics.sinkUp.set(this.labels, 0);
      throw error;
    }
    this.started = true;
    this.status.set('sink', this.name, 'up');
    this.metrics.sinkUp.set(this.labels, 1);
    this.flushTimer = setInterval(() => this.onFlushInterval(), this.options.flush_interval);
    this.flushTimer.unref();
    this.startWriter();
  }

  private add<T>(encode: (record: T) => string, record: T): void {
    if (this.closing !== undefined) {
      this.dropped.closed.inc();
      return;
    }
    let line: string;
    try {
      line = encode(record);
    } catch (error) {
      this.warnThrottled('unencodable', { err: error }, 'could not encode a record');
      line = '';
    }
    if (line === '') {
      this.dropped.unencodable.inc();
      return;
    }
    if (this.buffer.push(line) !== undefined) {
      this.dropped.buffer_full.inc();
      this.warnThrottled(
        'buffer_full',
        { policy: this.options.overflow },
        'sink buffer full, dropping records',
      );
    }
    if (this.buffer.size >= this.options.batch_size) this.startWriter();
  }

  private onFlushInterval(): void {
    this.reportDepth();
    if (this.buffer.size === 0) return;
    this.flushRequested = true;
    this.startWriter();
  }

  /** Starts the writer loop unless it runs already (one write in flight at most). */
  private startWriter(): void {
    if (this.writing || !this.started || this.stopped) return;
    this.writing = true;
    this.writeBatches().catch((error: unknown) => this.logger.error({ err: error }, 'sink writer failed'));
  }

  private async writeBatches(): Promise<void> {
    try {
      while (!this.stopped) {
        if (this.batch === undefined) {
          const ready =
            this.buffer.size >= this.options.batch_size || (this.flushRequested && this.buffer.size > 0);
          if (!ready) break;
          this.batch = this.buffer.drain(this.options.batch_size);
        }
        if (await this.tryWrite(this.batch)) {
          this.batch = undefined;
          this.failures = 0;
          this.reportDepth();
        } else {
          // Seam for a disk spool (a later issue): a batch that keeps failing would be spooled here and replayed first.
          this.failures++;
          await this.pause(backoffDelay(this.options.retry, this.failures, this.random));
        }
      }
    } finally {
      // Cleared before this function returns, so that a record or flush() arriving next starts a new writer.
      this.writing = false;
    }
    if (this.batch === undefined && this.buffer.size === 0) {
      this.flushRequested = false;
      for (const resolve of this.flushWaiters.splice(0)) resolve();
    }
  }

  /** One attempt to write a batch; true when the target stored it. */
  private async tryWrite(batch: readonly string[]): Promise<boolean> {
    const started = performance.now();
    try {
      await this.target.write(batch);
    } catch (error) {
      this.metrics.sinkWriteDuration.observe(this.labels, (performance.now() - started) / 1000);
      this.metrics.sinkWrites.inc({ ...this.labels, result: 'failure' });
      this.metrics.sinkUp.set(this.labels, 0);
      this.status.error('sink', this.name, error, 'degraded');
      this.logger.warn(
        { err: error, records: batch.length, attempt: this.failures + 1 },
        'sink write failed, will retry',
      );
      return false;
    }
    this.metrics.sinkWriteDuration.observe(this.labels, (performance.now() - started) / 1000);
    this.metrics.sinkWrites.inc({ ...this.labels, result: 'success' });
    this.metrics.sinkRecords.inc(this.labels, batch.length);
    this.metrics.sinkUp.set(this.labels, 1);
    if (this.failures > 0) {
      this.status.set('sink', this.name, 'up');
      this.logger.info({ failed_attempts: this.failures }, 'sink write succeeded again');
    }
    return true;
  }

  /** Waits before a retry; flush() and close() cut the wait short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeWriter = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.wakeWriter = wake;
    });
  }

  private async shutdown(deadline: number): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flush(deadline);
    this.stopped = true;
    this.wakeWriter?.();
    const unwritten = this.buffer.size + (this.batch?.length ?? 0);
    if (unwritten > 0) {
      this.metrics.samplesDropped.inc({ stage: this.stage, reason: 'deadline' }, unwritten);
      this.logger.error({ records: unwritten }, 'records not written before the close deadline were dropped');
    }
    this.buffer.drain();
    this.batch = undefined;
    this.reportDepth();
    try {
      await this.target.close();
    } finally {
      this.metrics.sinkUp.set(this.labels, 0);
      this.status.set('sink', this.name, 'stopped');
    }
  }

  private warnThrottled(key: string, details: Record<string, unknown>, message: string): void {
    const suppressed = this.throttle.admit(key, this.now());
    if (suppressed >= 0) this.logger.warn({ ...details, occurrences: suppressed + 1 }, message);
  }

  /** Records held: buffered plus the batch being written. */
  private reportDepth(): void {
    this.metrics.queueDepth.set({ queue: this.stage }, this.buffer.size + (this.batch?.length ?? 0));
  }
}

/** Waits for a promise, at most until the deadline (epoch ms). */
async function settleBefore(promise: Promise<void>, deadline: number, now: () => number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - now()));
  });
  try {
    await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
