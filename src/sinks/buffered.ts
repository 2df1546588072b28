import {
  backoffDelay,
  type NoctuaEvent,
  type Sample,
  type Score,
  type Sink,
  type SinkTarget,
  type WriteReport,
} from '../core';
import { BatchedCounter } from '../observability/batched-counter';
import { type Logger, LogThrottle } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { StatusBoard } from '../observability/status';
import { BoundedQueue } from '../pipeline/bounded-queue';
import type { BufferConfig } from './common';
import { DiskSpool } from './spool';
import { WriteFailure } from './write-failure';

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
 * buffered every `flush_interval`; one write at a time, or up to
 * `max_in_flight` at once (then batches may land out of order; after a
 * failure the sink goes back to one write at a time until it succeeds). A failed batch is
 * retried with capped exponential backoff until it is written, before any
 * later record, so order is kept; it is held outside the buffer meanwhile,
 * so overflow never drops it, while new records keep buffering under the
 * bound. A server's Retry-After lengthens the wait; lines the target reports
 * as refused for good are counted as dropped. `close(deadline)` flushes,
 * then counts and logs what could not be written in time, then closes the
 * target.
 *
 * With a disk spool, a batch whose write fails goes to the spool, and so does
 * every later record while the spool holds anything (the writer drains the
 * spool first, oldest first, so order is kept across outages and restarts).
 * At close, what is not written by half the remaining time goes to the
 * spool instead of being dropped; the next start writes it first.
 */
export class BufferedSink implements Sink {
  readonly kind: string;
  readonly name: string;
  private readonly buffer: BoundedQueue<string>;
  private readonly stores: { readonly samples: boolean; readonly scores: boolean; readonly events: boolean };
  private readonly logger: Logger;
  private readonly metrics: Metrics;
  private readonly status: StatusBoard;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly throttle = new LogThrottle(LOG_EVERY_MS);
  private readonly encodeSample: (sample: Sample) => string;
  private readonly encodeScore: (score: Score) => string;
  private readonly encodeEvent: (event: NoctuaEvent) => string;
  private readonly spool: DiskSpool | undefined;
  private readonly stage: string;
  private readonly labels: { readonly sink: string };
  /** Per-record drops, counted in batches (a labelled Counter.inc is too slow for every record). */
  private readonly dropped: Readonly<
    Record<'buffer_full' | 'unencodable' | 'closed', BatchedCounter<'stage' | 'reason'>>
  >;

  /** The writer loop while it runs. */
  private writer: Promise<void> | undefined;
  /** Moving buffered records to the spool while it holds anything. */
  private spooling: Promise<void> | undefined;
  /** Writes running next to each other (max_in_flight > 1), started from the memory buffer. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Batches whose concurrent write failed, without a spool: retried one at a time, first. */
  private readonly retries: string[][] = [];
  /** Wait owed before the next attempt after a concurrent write failed, ms. */
  private owedPause = 0;
  /** Whether `batch` was read from the spool (and is acknowledged there once written). */
  private batchFromSpool = false;

  /** The batch being written or waiting for its retry; taken out of the buffer. */
  private batch: string[] | undefined;
  /** Consecutive failed attempts to write `batch`. */
  private failures = 0;
  /** Records the target stored since start, for the closing log line. */
  private written = 0;
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
    this.stores = {
      samples: options.data.includes('samples'),
      scores: options.data.includes('scores'),
      events: options.data.includes('events'),
    };
    this.logger = deps.logger;
    this.metrics = deps.metrics;
    this.status = deps.status;
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    const { encoder } = target;
    this.encodeSample = (sample) => encoder.encodeSample(sample);
    this.encodeScore = (score) => encoder.encodeScore(score);
    this.encodeEvent = (event) => encoder.encodeEvent(event);
    this.spool =
      options.spool === undefined
        ? undefined
        : new DiskSpool(
            {
              dir: options.spool.dir,
              maxSize: options.spool.max_size,
              segmentSize: options.spool.segment_size,
            },
            deps.logger,
          );
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

  writeEvent(event: NoctuaEvent): void {
    if (this.stores.events) this.add(this.encodeEvent, event);
  }

  /**
   * Writes everything buffered, retrying until the deadline (epoch ms). What
   * is not written by then stays buffered and the sink keeps retrying.
   */
  async flush(deadline: number): Promise<void> {
    if (this.idle()) return;
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
      if (this.spool !== undefined) {
        await this.spool.open();
        this.reportSpool();
      }
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
    if (this.buffer.size >= this.options.batch_size) {
      if (this.spoolActive()) this.startSpooling();
      else this.startWriter();
    }
  }

  private onFlushInterval(): void {
    this.reportDepth();
    if (this.buffer.size === 0 && (this.spool?.empty ?? true)) return;
    this.flushRequested = true;
    if (this.spoolActive()) this.startSpooling();
    this.startWriter();
  }

  /** True while the spool holds anything: new records queue behind it, on disk. */
  private spoolActive(): boolean {
    return this.spool !== undefined && !this.spool.empty;
  }

  /** Moves buffered records to the spool, in batches, unless that runs already. */
  private startSpooling(): void {
    if (this.spooling !== undefined || !this.started) return;
    this.spooling = (async () => {
      while (this.buffer.size > 0 && this.spoolActive())
        await this.toSpool(this.buffer.drain(this.options.batch_size));
    })()
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not move records to the spool'))
      .finally(() => {
        this.spooling = undefined;
      });
  }

  /** Appends a batch to the spool; at the size cap, or when the disk fails, it is dropped, counted and logged. */
  private async toSpool(batch: readonly string[]): Promise<void> {
    let stored: boolean;
    try {
      stored = await this.spool!.append(batch);
    } catch (error) {
      this.metrics.samplesDropped.inc({ stage: this.stage, reason: 'spool_error' }, batch.length);
      this.logger.error(
        { err: error, records: batch.length },
        'could not write to the spool, records dropped',
      );
      return;
    }
    if (stored) {
      this.metrics.sinkSpooled.inc(this.labels, batch.length);
    } else {
      this.metrics.samplesDropped.inc({ stage: this.stage, reason: 'spool_full' }, batch.length);
      this.warnThrottled(
        'spool_full',
        { records: batch.length, max_size: this.options.spool?.max_size },
        'sink spool full, dropping records',
      );
    }
    this.reportSpool();
  }

  /** Starts the writer loop unless it runs already (one write in flight at most). */
  private startWriter(): void {
    if (this.writing || !this.started || this.stopped) return;
    this.writing = true;
    this.writer = this.writeBatches().catch((error: unknown) =>
      this.logger.error({ err: error }, 'sink writer failed'),
    );
  }

  private async writeBatches(): Promise<void> {
    try {
      while (!this.stopped) {
        if (this.batch === undefined) {
          if (this.spoolActive() || this.retries.length > 0) {
            await this.settleInFlight();
            await this.payOwedPause();
            this.batchFromSpool = this.retries.length === 0;
            this.batch = this.batchFromSpool
              ? await this.spool!.next(this.options.batch_size)
              : this.retries.shift();
            if (this.batch === undefined) continue;
          } else {
            const ready =
              this.buffer.size >= this.options.batch_size || (this.flushRequested && this.buffer.size > 0);
            if (!ready) break;
            const batch = this.buffer.drain(this.options.batch_size);
            if (this.options.max_in_flight > 1) {
              await this.launch(batch);
              continue;
            }
            this.batch = batch;
            this.batchFromSpool = false;
          }
        }
        const failure = await this.tryWrite(this.batch);
        if (failure === undefined) {
          if (this.batchFromSpool) await this.spool!.ack();
          this.batch = undefined;
          this.failures = 0;
          this.reportDepth();
          this.reportSpool();
          continue;
        }
        this.failures++;
        const delay = backoffDelay(this.options.retry, this.failures, this.random);
        if (this.spool !== undefined && !this.batchFromSpool) {
          const batch = this.batch;
          this.batch = undefined;
          await this.toSpool(batch);
        }
        await this.pause(Math.max(delay, failure.retryAfterMs ?? 0));
      }
    } finally {
      // Cleared before this function returns, so that a record or flush() arriving next starts a new writer.
      this.writing = false;
    }
    if (this.idle()) {
      this.flushRequested = false;
      for (const resolve of this.flushWaiters.splice(0)) resolve();
    }
  }

  /** Nothing buffered, in flight, waiting for a retry or spooled. */
  private idle(): boolean {
    return (
      this.buffer.size === 0 &&
      this.batch === undefined &&
      this.inFlight.size === 0 &&
      this.retries.length === 0 &&
      (this.spool?.empty ?? true)
    );
  }

  /**
   * Starts writing a batch next to those in flight, after waiting while
   * max_in_flight are. A failed batch goes to the spool, or without one to
   * `retries`; either way the writer then continues one write at a time.
   */
  private async launch(batch: string[]): Promise<void> {
    while (this.inFlight.size >= this.options.max_in_flight) await Promise.race(this.inFlight);
    const write: Promise<void> = this.tryWrite(batch)
      .then(async (failure) => {
        if (failure === undefined) {
          this.failures = 0;
          return;
        }
        this.failures++;
        const delay = backoffDelay(this.options.retry, this.failures, this.random);
        this.owedPause = Math.max(this.owedPause, delay, failure.retryAfterMs ?? 0);
        if (this.spool === undefined) this.retries.push(batch);
        else await this.toSpool(batch);
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not keep a failed batch'))
      .finally(() => {
        this.inFlight.delete(write);
        this.startWriter(); // settles flush() waiters once the last write is done
      });
    this.inFlight.add(write);
  }

  private async settleInFlight(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled(this.inFlight);
  }

  private async payOwedPause(): Promise<void> {
    const ms = this.owedPause;
    this.owedPause = 0;
    if (ms > 0) await this.pause(ms);
  }

  /** One attempt to write a batch; undefined when the target stored it, else what the retry needs. */
  private async tryWrite(batch: readonly string[]): Promise<{ retryAfterMs?: number } | undefined> {
    const started = performance.now();
    let report: WriteReport | undefined;
    try {
      report = await this.target.write(batch);
    } catch (error) {
      const auth = error instanceof WriteFailure && error.kind === 'auth';
      this.metrics.sinkWriteDuration.observe(this.labels, (performance.now() - started) / 1000);
      this.metrics.sinkWrites.inc({ ...this.labels, result: auth ? 'auth_error' : 'failure' });
      this.metrics.sinkFailedRecords.inc(this.labels, batch.length);
      this.metrics.sinkUp.set(this.labels, 0);
      this.status.error('sink', this.name, error, 'degraded');
      const details = { err: error, records: batch.length, attempt: this.failures + 1 };
      if (auth) this.logger.error(details, 'sink authentication failed, will retry');
      else this.logger.warn(details, 'sink write failed, will retry');
      return { retryAfterMs: error instanceof WriteFailure ? error.retryAfterMs : undefined };
    }
    const rejected = report?.rejected ?? 0;
    if (rejected > 0) this.metrics.samplesDropped.inc({ stage: this.stage, reason: 'rejected' }, rejected);
    this.metrics.sinkWriteDuration.observe(this.labels, (performance.now() - started) / 1000);
    this.metrics.sinkWrites.inc({ ...this.labels, result: 'success' });
    this.metrics.sinkRecords.inc(this.labels, batch.length - rejected);
    this.written += batch.length - rejected;
    this.metrics.sinkUp.set(this.labels, 1);
    if (this.failures > 0) {
      this.status.set('sink', this.name, 'up');
      this.logger.info({ failed_attempts: this.failures }, 'sink write succeeded again');
    }
    return undefined;
  }

  /** Waits before a retry; flush() and close() cut the wait short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) {
        resolve();
        return;
      }
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
    if (this.spool === undefined) await this.flush(deadline);
    else await this.flush(this.now() + Math.max(0, deadline - this.now()) / 2);
    this.stopped = true;
    this.wakeWriter?.();
    await this.settleInFlight();
    if (this.spool !== undefined) await this.spoolRest();
    const retried = this.retries.splice(0).reduce((sum, batch) => sum + batch.length, 0);
    const unwritten = this.buffer.size + (this.batch?.length ?? 0) + retried;
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
      this.logger.info(
        { records_written: this.written, records_spooled: this.spool?.records ?? 0 },
        'sink closed',
      );
    }
  }

  /** After the writer stopped: what was not written goes to the spool, in order, and the spool is closed. */
  private async spoolRest(): Promise<void> {
    await this.writer;
    await this.spooling;
    const spool = this.spool!;
    if (this.batch !== undefined && !this.batchFromSpool) await this.toSpool(this.batch);
    this.batch = undefined;
    const spooled = this.buffer.size;
    while (this.buffer.size > 0) await this.toSpool(this.buffer.drain(this.options.batch_size));
    await spool.close();
    if (!spool.empty) {
      this.logger.warn(
        { records: spool.records, bytes: spool.bytes, moved_at_close: spooled },
        'records not yet written stay in the spool for the next start',
      );
    }
  }

  private reportSpool(): void {
    if (this.spool !== undefined) this.metrics.sinkSpoolBytes.set(this.labels, this.spool.bytes);
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
