import {
  concat,
  defer,
  EMPTY,
  filter,
  finalize,
  from,
  merge,
  mergeMap,
  type Observable,
  throwError,
  timer,
} from 'rxjs';
import type { CollectOptions, Collector, Sample } from '../../core';
import type { CollectorDeps } from '../registry';
import { AgentPoller, type PollSettings } from './agent-poller';
import type { SnmpConfig } from './config';
import { MibResolver } from './mibs';
import { compilePollPlan, type PollPlan } from './plan';

/**
 * Polls SNMP agents, each on its own schedule: a slow or dead agent only
 * delays itself. A poll that is due while the previous poll of the same agent
 * still runs is skipped and counted, never queued. Agents' first polls are
 * spread over the first interval so that many agents do not fire at once.
 */
export class SnmpCollector implements Collector {
  readonly kind = 'snmp';
  private readonly plan: PollPlan;
  private readonly settings: PollSettings;

  constructor(
    readonly name: string,
    private readonly config: SnmpConfig,
    private readonly deps: CollectorDeps,
  ) {
    this.plan = compilePollPlan(config, new MibResolver());
    this.settings = {
      timeout: config.timeout,
      retries: config.retries,
      maxConcurrency: config.max_concurrency,
      budget: config.poll_budget ?? config.interval,
      maxRepetitions: config.max_repetitions,
    };
  }

  samples$(options: CollectOptions = {}): Observable<Sample> {
    return defer(() => {
      const now = this.deps.now ?? Date.now;
      const pollers = Object.entries(this.config.agents).map(
        ([agent, settings]) =>
          new AgentPoller(this.name, agent, settings, this.plan, this.settings, { ...this.deps, now }),
      );
      for (const poller of pollers) poller.open();
      this.deps.logger.info(
        { agents: pollers.length, tables: this.plan.tables.length, interval_ms: this.config.interval },
        'snmp collector started',
      );
      const samples$ = options.once
        ? this.pollOnce$(pollers)
        : merge(
            ...pollers.map((poller, i) =>
              this.schedule$(poller, (i * this.config.interval) / pollers.length),
            ),
          );
      return samples$.pipe(
        finalize(() => {
          for (const poller of pollers) poller.close();
        }),
      );
    });
  }

  /** Every agent once; when some failed, the stream errors after the others' samples, so `--once` reports it. */
  private pollOnce$(pollers: readonly AgentPoller[]): Observable<Sample> {
    const failures: string[] = [];
    const polls = pollers.map((poller) =>
      from(poller.poll()).pipe(
        mergeMap(({ samples, error }) => {
          if (error !== undefined) failures.push(`agent ${poller.agent}: ${error}`);
          return from(samples);
        }),
      ),
    );
    return concat(
      merge(...polls),
      defer(() => (failures.length === 0 ? EMPTY : throwError(() => new Error(failures.join('; '))))),
    );
  }

  private schedule$(poller: AgentPoller, offset: number): Observable<Sample> {
    let running = false;
    return timer(Math.floor(offset), this.config.interval).pipe(
      filter(() => {
        if (running) poller.skip();
        return !running;
      }),
      mergeMap(() => {
        running = true;
        return from(poller.poll()).pipe(
          finalize(() => {
            running = false;
          }),
        );
      }),
      mergeMap(({ samples }) => from(samples)),
    );
  }
}
