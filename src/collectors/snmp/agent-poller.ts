import type { Varbind } from 'net-snmp';
import type { Sample } from '../../core';
import { type Logger, LogThrottle } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import type { StatusBoard } from '../../observability/status';
import { TagInterner } from '../tag-interner';
import type { SnmpAgentConfig } from './config';
import { SYS_UPTIME_OID } from './objects';
import type { PollPlan } from './plan';
import { buildSamples, type PollData } from './samples';
import { AgentSession, describeSnmpError, type SessionOptions } from './session';
import { UptimeWatch } from './uptime';

export interface PollSettings extends SessionOptions {
  /** Longest time one poll may take, ms. */
  readonly budget: number;
  readonly maxRepetitions: number;
}

export interface AgentPollerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly status: StatusBoard;
  readonly now: () => number;
}

/** A failing or overrunning agent is logged at most this often (it is counted every time). */
const LOG_INTERVAL_MS = 60_000;

/** The status board kind of each polled agent. */
export const AGENT_STATUS_KIND = 'snmp_agent';

/**
 * Polls one agent: GETs the scalars and walks the table columns, all at once
 * up to the session's concurrency limit, within the poll budget. A poll never
 * throws: a failure becomes the agent's status (down, last error), a metric
 * and a log line, and yields no samples.
 */
export class AgentPoller {
  private readonly session: AgentSession;
  private readonly uptime = new UptimeWatch();
  private readonly tags = new TagInterner();
  private readonly statusName: string;
  private readonly labels: { collector: string; agent: string };
  private readonly columns: string[];
  private skipped = 0;
  private restarts = 0;
  /** Set by close(): a poll cut short by it is neither reported nor followed by a new socket. */
  private closed = false;
  private failing = false;
  private readonly logThrottle = new LogThrottle(LOG_INTERVAL_MS);

  constructor(
    collector: string,
    readonly agent: string,
    private readonly config: SnmpAgentConfig,
    private readonly plan: PollPlan,
    private readonly settings: PollSettings,
    private readonly deps: AgentPollerDeps,
  ) {
    this.session = new AgentSession(config, settings);
    this.statusName = `${collector}/${agent}`;
    this.labels = { collector, agent };
    this.columns = [...new Set(plan.tables.flatMap((table) => table.columns.map((column) => column.oid)))];
  }

  open(): void {
    this.closed = false;
    this.session.open();
    this.deps.status.set(AGENT_STATUS_KIND, this.statusName, 'starting', this.details());
  }

  close(): void {
    this.closed = true;
    this.session.close();
  }

  /** A poll was due while the previous one still ran: it is skipped, not queued. */
  skip(): void {
    this.skipped++;
    this.deps.metrics.snmpPollsSkipped.inc(this.labels);
    const suppressed = this.logThrottle.admit('skipped', this.deps.now());
    if (suppressed >= 0) {
      this.deps.logger.warn(
        { agent: this.agent, skipped: this.skipped, suppressed },
        'poll skipped: the previous one still runs',
      );
    }
  }

  /** Polls once; resolves with the samples, or with an error message when the poll failed. */
  async poll(): Promise<{ samples: Sample[]; error?: string }> {
    const started = this.deps.now();
    const startedHr = performance.now();
    let budgetTimer: NodeJS.Timeout | undefined;
    const overBudget = new Promise<never>((_, reject) => {
      budgetTimer = setTimeout(() => {
        const error = new Error(`poll took longer than its budget of ${this.settings.budget} ms`);
        this.session.cancel(error);
        reject(error);
      }, this.settings.budget);
    });
    try {
      const data = await Promise.race([this.fetch(), overBudget]);
      const uptime = data.scalars.get(SYS_UPTIME_OID)?.value;
      const counterReset = this.uptime.restarted(typeof uptime === 'number' ? uptime : undefined);
      if (counterReset) this.noteRestart();
      this.tags.nextGeneration();
      const context = { agent: this.agent, source: this.labels.collector, time: started, counterReset };
      const { samples, skipped } = buildSamples(this.plan, data, context, this.tags);
      if (skipped > 0) this.deps.metrics.snmpValuesSkipped.inc(this.labels, skipped);
      this.finish(startedHr, 'ok');
      if (this.failing) this.deps.logger.info({ agent: this.agent }, 'agent answers again');
      this.failing = false;
      this.deps.status.set(AGENT_STATUS_KIND, this.statusName, 'up', this.details(startedHr, samples.length));
      return { samples };
    } catch (error) {
      const message = describeSnmpError(error, this.settings);
      if (this.closed) return { samples: [], error: message };
      this.finish(startedHr, 'failed');
      this.deps.status.error(AGENT_STATUS_KIND, this.statusName, new Error(message), 'down');
      this.deps.status.set(AGENT_STATUS_KIND, this.statusName, 'down', this.details(startedHr, 0));
      // The first failure after success is always logged; repeats at most once per LOG_INTERVAL_MS.
      const suppressed = this.logThrottle.admit('failed', this.deps.now());
      const wasFailing = this.failing;
      this.failing = true;
      if (suppressed >= 0 || !wasFailing) {
        this.deps.logger.warn(
          { agent: this.agent, host: this.config.host, error: message, suppressed: Math.max(0, suppressed) },
          'poll failed',
        );
      }
      // A fresh socket drops late answers to the failed poll and makes v3 rediscover the engine.
      this.session.open();
      return { samples: [], error: message };
    } finally {
      clearTimeout(budgetTimer);
    }
  }

  private async fetch(): Promise<PollData> {
    const { maxRepetitions } = this.settings;
    const [scalars, ...walked] = await Promise.all([
      this.session.get(this.plan.getOids),
      ...this.columns.map((column) => this.session.walk(column, maxRepetitions)),
    ]);
    const byOid = new Map<string, Varbind>();
    for (const varbind of scalars) byOid.set(varbind.oid, varbind);
    return { scalars: byOid, columns: new Map(this.columns.map((column, i) => [column, walked[i]!])) };
  }

  private noteRestart(): void {
    this.restarts++;
    this.deps.metrics.snmpAgentRestarts.inc(this.labels);
    this.deps.logger.info(
      { agent: this.agent },
      'agent restarted (sysUpTime went back): counters start over',
    );
  }

  private finish(startedHr: number, result: 'ok' | 'failed'): void {
    const seconds = (performance.now() - startedHr) / 1000;
    this.deps.metrics.snmpPollDuration.set(this.labels, seconds);
    this.deps.metrics.snmpPolls.inc({ ...this.labels, result });
    this.deps.metrics.snmpAgentUp.set(this.labels, result === 'ok' ? 1 : 0);
  }

  private details(startedHr?: number, samples?: number): Record<string, unknown> {
    return {
      host: `${this.config.host}:${this.config.port}`,
      version: this.config.version,
      ...(startedHr === undefined
        ? {}
        : {
            last_poll_ms: Math.round((performance.now() - startedHr) * 10) / 10,
            last_poll_at: new Date(this.deps.now()).toISOString(),
            samples,
          }),
      skipped_polls: this.skipped,
      restarts: this.restarts,
    };
  }
}
