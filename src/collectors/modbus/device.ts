import { setTimeout as sleep } from 'node:timers/promises';
import type { FieldValue, Sample } from '../../core';
import { type BackoffPolicy, backoffDelay } from '../../core/backoff';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { describeError, type StatusBoard } from '../../observability/status';
import type { ModbusDeviceConfig } from './config';
import { ModbusConnection, ModbusException, ModbusTransportError } from './connection';
import type { PlannedRead } from './plan';
import { ModbusUnit } from './unit';

export interface DevicePollerDeps {
  logger: Logger;
  metrics: Metrics;
  status: StatusBoard;
  now: () => number;
  backoff: BackoffPolicy;
}

/** How a poll went: `down` when the device could not be reached at all. */
export type PollOutcome = 'up' | 'degraded' | 'down' | 'waiting';

/** Status board kind of per-device entries (name: collector/device). */
export const DEVICE_STATUS_KIND = 'modbus_device';

/**
 * Polls one Modbus/TCP device (or gateway) over its own connection. Units
 * are read one after another and each unit's samples are emitted as soon as
 * they are read; units that failed last time go last, so an unreachable unit
 * costs its timeout after the others have delivered. A lost connection is
 * reopened at a later poll, after capped exponential backoff. Nothing here
 * throws: failures become status, metrics and log lines.
 */
export class ModbusDevicePoller {
  private readonly units: ModbusUnit[];
  private readonly unreachable = new Set<number>();
  private connection: ModbusConnection | undefined;
  private connectFailures = 0;
  private nextConnectAt = 0;
  private readonly stopped = new AbortController();
  private readonly labels: { collector: string; device: string };
  private readonly statusName: string;
  private skipped = 0;
  /** The first problem of the last poll, if it had any. */
  lastProblem: string | undefined;
  /** The problems last logged, so that a device failing the same way is not logged at every poll. */
  private lastLogged = '';

  constructor(
    private readonly collector: string,
    private readonly device: string,
    private readonly config: ModbusDeviceConfig,
    private readonly deps: DevicePollerDeps,
  ) {
    const limits = {
      maxGap: config.max_gap,
      maxRegisters: config.max_registers_per_read,
      maxBits: config.max_bits_per_read,
    };
    this.units = config.units.map((unit) => new ModbusUnit(device, config, unit, limits));
    this.labels = { collector, device };
    this.statusName = `${collector}/${device}`;
  }

  /** A poll was due while the previous one still ran. */
  skip(): void {
    this.skipped++;
    this.deps.metrics.modbusPollsSkipped.inc(this.labels);
  }

  /** Polls every unit once, handing samples to `emit` unit by unit. Never rejects. */
  async poll(emit: (sample: Sample) => void): Promise<PollOutcome> {
    const started = this.deps.now();
    const problems: string[] = [];
    let outcome: PollOutcome;
    if (this.stopped.signal.aborted) return 'waiting';
    try {
      const connection = await this.connected(started);
      if (connection === undefined) return 'waiting';
      const order = [...this.units].sort(
        (a, b) => Number(this.unreachable.has(a.id)) - Number(this.unreachable.has(b.id)),
      );
      let first = true;
      for (const unit of order) {
        for (const sample of await this.pollUnit(connection, unit, started, first, problems)) emit(sample);
        first = false;
      }
      outcome = problems.length === 0 ? 'up' : 'degraded';
      if (this.units.every((unit) => this.unreachable.has(unit.id))) {
        // Not one answer: the connection may be half-open (a device rebooted without a reset); start afresh.
        this.dropConnection();
        outcome = 'down';
      }
    } catch (error) {
      // The connection failed (or the poller was stopped): every unit waits for the reconnect.
      this.dropConnection();
      problems.unshift(describeError(error));
      outcome = 'down';
    }
    if (this.stopped.signal.aborted) return outcome; // abandoned: the status keeps the last complete poll
    this.report(outcome, started, problems);
    return outcome;
  }

  /** Closes the connection and abandons a running poll. */
  stop(): void {
    this.stopped.abort();
    this.dropConnection();
  }

  /** The open connection, a new one, or undefined while a reconnect is not yet due. Throws when connecting fails. */
  private async connected(now: number): Promise<ModbusConnection | undefined> {
    if (this.connection?.isOpen) return this.connection;
    this.dropConnection();
    if (now < this.nextConnectAt) return undefined;
    const connection = new ModbusConnection(this.config.host, this.config.port, this.config.timeout);
    this.connection = connection;
    try {
      await connection.connect();
    } catch (error) {
      this.connectFailures++;
      const delay = backoffDelay(this.deps.backoff, this.connectFailures);
      this.nextConnectAt = this.deps.now() + delay;
      this.deps.metrics.modbusRequests.inc({ ...this.labels, result: 'connect_failed' });
      throw new Error(`${describeError(error)} (next attempt in ${delay} ms)`);
    }
    this.connectFailures = 0;
    this.deps.metrics.modbusRequests.inc({ ...this.labels, result: 'connected' });
    this.deps.logger.info(
      { device: this.device, host: this.config.host, port: this.config.port },
      'modbus device connected',
    );
    await this.pause(this.config.pause_after_connect);
    return connection;
  }

  /**
   * Reads one unit's plan. A Modbus exception fails only the registers of
   * that read; a merged read that fails is retried register by register (and
   * planned that way from then on), so one bad address does not hide its
   * neighbours. A timeout gives up on the unit for this poll; a closed
   * connection is thrown to the caller.
   */
  private async pollUnit(
    connection: ModbusConnection,
    unit: ModbusUnit,
    time: number,
    first: boolean,
    problems: string[],
  ): Promise<Sample[]> {
    const values = new Map<number, FieldValue>();
    const pending: PlannedRead[] = [...unit.reads];
    let needsPause = !first;
    try {
      for (let read = pending.shift(); read !== undefined; read = pending.shift()) {
        if (needsPause) await this.pause(this.config.pause_between_requests);
        needsPause = true;
        const failed = await this.read(connection, unit, read, values);
        if (failed === undefined) {
          unit.readable(read.items);
          continue;
        }
        if (read.items.length > 1 && unit.isolate(read.items)) {
          pending.unshift(
            ...unit.reads.filter((r) => r.items.length === 1 && read.items.includes(r.items[0]!)),
          );
          continue;
        }
        for (const id of read.items) this.registerError(unit, id, failed.reason, failed.message, problems);
      }
      this.unreachable.delete(unit.id);
    } catch (error) {
      if (!(error instanceof ModbusTransportError) || !connection.isOpen) throw error;
      this.unreachable.add(unit.id);
      problems.push(`unit ${unit.label}: ${error.message}`);
      this.deps.metrics.modbusRegisterErrors.inc(
        { ...this.labels, reason: error.timedOut ? 'timeout' : 'transport' },
        unit.registers.length - values.size,
      );
    }
    return unit.samples(values, time, this.collector);
  }

  /** Performs one read and decodes its registers into `values`; returns the exception when the device refused it. */
  private async read(
    connection: ModbusConnection,
    unit: ModbusUnit,
    read: PlannedRead,
    values: Map<number, FieldValue>,
  ): Promise<ModbusException | undefined> {
    let answer: Buffer | readonly boolean[];
    try {
      const result = await connection.read(unit.id, read.table, read.address, read.count);
      answer = 'bits' in result ? result.bits : result.registers;
    } catch (error) {
      const result =
        error instanceof ModbusException
          ? 'exception'
          : error instanceof ModbusTransportError && error.timedOut
            ? 'timeout'
            : 'error';
      this.deps.metrics.modbusRequests.inc({ ...this.labels, result });
      if (error instanceof ModbusException) return error;
      throw error;
    }
    this.deps.metrics.modbusRequests.inc({ ...this.labels, result: 'ok' });
    for (const id of read.items) {
      const register = unit.registers[id]!;
      try {
        values.set(id, unit.decode(register, read, answer));
      } catch (error) {
        this.registerError(unit, id, 'bad_response', describeError(error), []);
      }
    }
    return undefined;
  }

  private registerError(
    unit: ModbusUnit,
    id: number,
    reason: string,
    message: string,
    problems: string[],
  ): void {
    const register = unit.registers[id]!;
    problems.push(`unit ${unit.label} ${register.field}: ${message}`);
    this.deps.metrics.modbusRegisterErrors.inc({ ...this.labels, reason });
  }

  private report(outcome: PollOutcome, started: number, problems: readonly string[]): void {
    const { status, metrics, now } = this.deps;
    const duration = now() - started;
    metrics.modbusDeviceUp.set(this.labels, outcome === 'up' || outcome === 'degraded' ? 1 : 0);
    if (outcome === 'waiting') return;
    this.lastProblem = problems[0];
    metrics.modbusPollDuration.set(this.labels, duration / 1000);
    const state = outcome === 'up' ? 'up' : outcome === 'degraded' ? 'degraded' : 'down';
    status.set(DEVICE_STATUS_KIND, this.statusName, state, {
      collector: this.collector,
      device: this.device,
      endpoint: `${this.config.host}:${this.config.port}`,
      last_poll_at: started,
      last_poll_duration_ms: duration,
      units_unreachable: this.units.filter((u) => this.unreachable.has(u.id)).map((u) => u.label),
      polls_skipped: this.skipped,
      // Bounded by the config: at most one entry per configured register.
      errors: problems,
    });
    if (problems.length > 0) status.error(DEVICE_STATUS_KIND, this.statusName, problems[0], state);
    const logged = problems.join('\n');
    if (logged === this.lastLogged) return;
    this.lastLogged = logged;
    if (problems.length > 0)
      this.deps.logger.warn({ device: this.device, outcome, problems }, 'modbus poll had errors');
    else this.deps.logger.info({ device: this.device }, 'modbus poll complete without errors');
  }

  private dropConnection(): void {
    this.connection?.close();
    this.connection = undefined;
  }

  private async pause(ms: number): Promise<void> {
    if (ms > 0) await sleep(ms, undefined, { signal: this.stopped.signal });
  }
}
