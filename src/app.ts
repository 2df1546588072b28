import { merge, type Observable, Subject, type Subscription, takeUntil, tap } from 'rxjs';
import { compileRules } from './alerting/rule-matcher';
import { createCollector } from './collectors/registry';
import type { NoctuaConfig } from './config/schema';
import type { Collector, NoctuaEvent, Sample, Score, Sink } from './core';
import { componentLogger, type Logger } from './observability/logger';
import { Metrics } from './observability/metrics';
import { StatusBoard } from './observability/status';
import { anomalyEvents } from './pipeline/anomaly-events';
import { boundedQueue } from './pipeline/bounded-queue';
import { detect } from './pipeline/detect';
import { isolate } from './pipeline/isolate';
import { normalize } from './pipeline/normalize';
import { counterToRate } from './pipeline/rate';
import { HttpServer } from './server/http-server';
import { createSink } from './sinks/registry';

export interface AppDeps {
  logger: Logger;
  version: string;
  metrics?: Metrics;
  now?: () => number;
}

/** Items the ingest queue holds between collectors and the consumers. */
const INGEST_QUEUE_CAPACITY = 100_000;

export interface StopReport {
  /** True when the pipeline drained and every sink flushed before the deadline. */
  readonly clean: boolean;
  readonly samplesReceived: number;
}

/**
 * The composition root: builds named objects from a validated config (no I/O),
 * starts downstream first (sinks, server, detection) and collectors last, and
 * stops in the opposite order, draining the pipeline and flushing sinks within
 * the shutdown deadline.
 */
export class NoctuaApp {
  readonly metrics: Metrics;
  readonly status: StatusBoard;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly collectors: Collector[];
  private readonly sinks: Sink[];
  private readonly server: HttpServer | undefined;
  private readonly stopCollectors = new Subject<void>();
  private readonly consumers: Subscription[] = [];
  private readonly collectorsDone: Promise<void>;
  private resolveCollectorsDone: () => void = () => {};
  private samplesReceived = 0;
  private sinksStarted = false;
  private collectorsStarted = false;
  private stopping: Promise<StopReport> | undefined;

  constructor(
    private readonly config: NoctuaConfig,
    deps: AppDeps,
  ) {
    this.logger = deps.logger;
    this.now = deps.now ?? Date.now;
    this.metrics = deps.metrics ?? new Metrics();
    this.status = new StatusBoard(this.now);
    const shared = { logger: this.logger, metrics: this.metrics, status: this.status };
    this.collectors = Object.entries(config.collectors).map(([name, c]) =>
      createCollector(name, c, { ...shared, now: this.now }),
    );
    this.sinks = Object.entries(config.sinks).map(([name, c]) => createSink(name, c, shared));
    const http = config.service.http;
    this.server = http.enabled
      ? new HttpServer(http.listen, {
          ...shared,
          logger: componentLogger(this.logger, 'server', 'http'),
          readiness: { notReadyReasons: () => this.notReadyReasons() },
          version: deps.version,
          now: this.now,
        })
      : undefined;
    this.collectorsDone = new Promise((resolve) => {
      this.resolveCollectorsDone = resolve;
    });
  }

  /** Resolves when every collector has completed on its own (bounded runs); a service normally runs until stopped. */
  get finished(): Promise<void> {
    return this.collectorsDone;
  }

  async start(): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.start()));
    this.sinksStarted = true;
    await this.server?.start();

    const hub = new Subject<Sample>();
    this.consumers.push(hub.subscribe((sample) => this.writeSample(sample)));
    if (Object.keys(this.config.rules).length > 0) {
      const scores$ = hub.pipe(
        detect(compileRules(this.config.rules), detectionLimits(this.config), { metrics: this.metrics }),
      );
      const events$ = scores$.pipe(
        tap((score) => this.writeScore(score)),
        anomalyEvents(
          { rules: this.config.rules, maxOpen: this.config.detection.max_series },
          { metrics: this.metrics, logger: componentLogger(this.logger, 'detection', 'anomalies') },
        ),
      );
      this.consumers.push(events$.subscribe((event) => this.writeEvent(event)));
    }

    // Collectors last: the subscription below connects them.
    this.consumers.push(
      this.ingest$().subscribe({
        next: (sample) => hub.next(sample),
        complete: () => {
          hub.complete();
          this.resolveCollectorsDone();
        },
      }),
    );
    this.collectorsStarted = true;
    this.logger.info(
      {
        collectors: this.collectors.length,
        sinks: this.sinks.length,
        rules: Object.keys(this.config.rules).length,
      },
      'noctua started',
    );
  }

  /** Stops collectors, drains the pipeline and flushes sinks, all before the shutdown deadline. Idempotent. */
  stop(): Promise<StopReport> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<StopReport> {
    const deadline = this.now() + this.config.service.shutdown_timeout;
    this.logger.info({ deadline: new Date(deadline).toISOString() }, 'stopping');
    this.stopCollectors.next();
    const drained = await settleBefore(this.collectorsDone, deadline, this.now);
    for (const subscription of this.consumers) subscription.unsubscribe();
    const flushed = await Promise.all(
      this.sinks.map((sink) =>
        sink.close(deadline).then(
          () => true,
          (error: unknown) => {
            this.logger.error({ err: error, sink: sink.name }, 'sink did not close cleanly');
            return false;
          },
        ),
      ),
    );
    await this.server?.stop();
    const report = { clean: drained && flushed.every(Boolean), samplesReceived: this.samplesReceived };
    this.logger.info({ ...report }, 'stopped');
    return report;
  }

  private ingest$(): Observable<Sample> {
    const sources = this.collectors.map((collector) => this.isolated(collector));
    return merge(...sources).pipe(
      takeUntil(this.stopCollectors),
      normalize({ metrics: this.metrics, logger: componentLogger(this.logger, 'pipeline', 'normalize') }),
      counterToRate(detectionLimits(this.config), { metrics: this.metrics }),
      boundedQueue({ name: 'ingest', capacity: INGEST_QUEUE_CAPACITY }, { metrics: this.metrics }),
    );
  }

  private isolated(collector: Collector): Observable<Sample> {
    const settings = this.config.collectors[collector.name]!;
    const log = componentLogger(this.logger, 'collector', collector.name);
    const labels = { collector: collector.name };
    const received = this.metrics.samplesReceived.labels(labels);
    return isolate(
      () => collector.samples$(),
      {
        name: collector.name,
        inactivityTimeout: settings.inactivity_timeout,
        backoff: settings.backoff,
        restartOnComplete: false,
      },
      {
        onState: (state, error) => {
          this.metrics.collectorUp.set(labels, state === 'up' ? 1 : 0);
          for (const s of ['starting', 'up', 'down'] as const) {
            this.metrics.collectorState.set({ ...labels, state: s }, s === state ? 1 : 0);
          }
          if (error === undefined) this.status.set('collector', collector.name, state);
          else {
            this.status.error('collector', collector.name, error, state);
            log.warn({ err: error }, 'collector source failed');
          }
        },
        onRetry: (attempt, delayMs) => {
          this.metrics.collectorRetries.inc(labels);
          log.info({ attempt, delay_ms: delayMs }, 'restarting collector source');
        },
      },
    ).pipe(
      tap(() => {
        this.samplesReceived++;
        received.inc();
      }),
    );
  }

  private writeSample(sample: Sample): void {
    for (const sink of this.sinks) sink.writeSample(sample);
  }

  private writeScore(score: Score): void {
    for (const sink of this.sinks) sink.writeScore(score);
  }

  private writeEvent(event: NoctuaEvent): void {
    for (const sink of this.sinks) sink.writeEvent(event);
  }

  private notReadyReasons(): string[] {
    const reasons: string[] = [];
    if (!this.sinksStarted) reasons.push('sinks are not connected yet');
    if (!this.collectorsStarted) reasons.push('collectors are not started yet');
    if (this.stopping !== undefined) reasons.push('shutting down');
    return reasons;
  }
}

/** Waits for a promise until a deadline; true when it settled in time. */
async function settleBefore(
  promise: Promise<unknown>,
  deadline: number,
  now: () => number,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - now()));
  });
  try {
    return await Promise.race([promise.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Per-series state limits shared by counter→rate and detection. */
export function detectionLimits(config: NoctuaConfig): { maxSeries: number; idleExpiryMs: number } {
  return { maxSeries: config.detection.max_series, idleExpiryMs: config.detection.idle_expiry };
}
