import { status as grpcStatus } from '@grpc/grpc-js';
import { type Logger, LogThrottle } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import type { StatusBoard } from '../../observability/status';
import type { SourceState } from '../../pipeline/isolate';

const LOG_INTERVAL_MS = 10_000;
const STATUS_KIND = 'gnmi_target';

/** Per-target facts shown in /api/status: a live object, read when the status is served. */
interface TargetStats {
  address: string;
  connected: boolean;
  sync_received: boolean;
  /** Epoch ms of the last notification, 0 before the first. */
  last_update: number;
  updates_received: number;
  reconnects: number;
}

export interface TargetMonitorDeps {
  logger: Logger;
  metrics: Metrics;
  status: StatusBoard;
  now: () => number;
}

/**
 * What one gNMI target reports about itself: its `gnmi_target` status entry
 * (`<collector>/<target>`), the noctua_grpc_* metrics labelled with
 * collector and target, and its logs, with bad input logged at most once per
 * reason every 10 s.
 */
export class TargetMonitor {
  private readonly stats: TargetStats;
  private readonly labels: { collector: string; target: string };
  private readonly statusName: string;
  private readonly updates;
  private readonly lastUpdate;
  private readonly throttle = new LogThrottle(LOG_INTERVAL_MS);

  constructor(
    collector: string,
    target: string,
    address: string,
    private readonly deps: TargetMonitorDeps,
  ) {
    this.labels = { collector, target };
    this.statusName = `${collector}/${target}`;
    this.stats = {
      address,
      connected: false,
      sync_received: false,
      last_update: 0,
      updates_received: 0,
      reconnects: 0,
    };
    this.updates = deps.metrics.grpcUpdates.labels(this.labels);
    this.lastUpdate = deps.metrics.grpcLastUpdate.labels(this.labels);
    deps.status.set(STATUS_KIND, this.statusName, 'starting', this.details());
  }

  /** Bad input that loses one message or value: counted, logged (throttled), survived. */
  readonly problem = (reason: string, details: Record<string, unknown>): void => {
    this.deps.metrics.grpcErrors.inc({ ...this.labels, reason });
    const suppressed = this.throttle.admit(reason, this.deps.now());
    if (suppressed >= 0) this.deps.logger.warn({ reason, suppressed, ...details }, 'bad input from target');
  };

  opened(details: Record<string, unknown>): void {
    this.setConnected(true);
    this.deps.status.set(STATUS_KIND, this.statusName, 'up', this.details());
    this.deps.logger.info({ address: this.stats.address, ...details }, 'subscribed');
  }

  closed(): void {
    this.setConnected(false);
  }

  received(updates: number): void {
    this.stats.updates_received += updates;
    this.stats.last_update = this.deps.now();
    this.updates.inc(updates);
    this.lastUpdate.set(this.stats.last_update / 1000);
  }

  synced(): void {
    if (!this.stats.sync_received) {
      this.deps.logger.info({ updates: this.stats.updates_received }, 'sync_response received');
    }
    this.stats.sync_received = true;
    this.deps.metrics.grpcTargetSynced.set(this.labels, 1);
  }

  /** The isolated stream's state; an error means the stream failed, ended or went silent. */
  state(state: SourceState, error: unknown, paths: string[]): void {
    if (error === undefined) {
      if (state !== 'up') this.deps.status.set(STATUS_KIND, this.statusName, state);
      return;
    }
    const tooLarge = (error as { code?: number }).code === grpcStatus.RESOURCE_EXHAUSTED;
    this.deps.metrics.grpcErrors.inc({
      ...this.labels,
      reason: tooLarge ? 'message_too_large' : 'stream_failed',
    });
    this.deps.status.error(STATUS_KIND, this.statusName, error, 'down');
    this.deps.logger.warn({ err: error, paths }, 'subscription failed');
  }

  retrying(attempt: number, delayMs: number): void {
    this.stats.reconnects++;
    this.deps.metrics.grpcReconnects.inc(this.labels);
    this.deps.logger.info({ attempt, delay_ms: delayMs }, 'resubscribing');
  }

  private setConnected(connected: boolean): void {
    this.stats.connected = connected;
    this.deps.metrics.grpcTargetConnected.set(this.labels, connected ? 1 : 0);
    if (!connected) {
      this.stats.sync_received = false;
      this.deps.metrics.grpcTargetSynced.set(this.labels, 0);
    }
  }

  private details(): Record<string, unknown> {
    return this.stats as unknown as Record<string, unknown>;
  }
}
