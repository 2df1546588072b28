import { concatMap, defer, expand, map, Observable, of, take, timer } from 'rxjs';
import type { CollectOptions, Collector, Sample } from '../../core';
import type { CollectorDeps } from '../registry';
import type { SyntheticConfig } from './config';
import { RoundGenerator } from './generator';
import { compilePlan, type SyntheticPlan } from './plan';

/**
 * With pace max, samples generated in one event-loop task at most: enough to
 * make the cost of yielding negligible, few enough that timers, I/O and
 * unsubscription are served within a few milliseconds.
 */
const SAMPLES_PER_TASK = 5_000;

/**
 * Simulated devices (like Telegraf's inputs.mock): every round emits one
 * sample per device × series, with seasonality, noise and scheduled anomalies.
 * The values come from RoundGenerator; this class only paces the rounds.
 */
export class SyntheticCollector implements Collector {
  readonly kind = 'synthetic';
  private readonly plan: SyntheticPlan;
  private readonly now: () => number;

  constructor(
    readonly name: string,
    private readonly config: SyntheticConfig,
    private readonly deps: CollectorDeps,
  ) {
    this.plan = compilePlan(config);
    this.now = deps.now ?? Date.now;
  }

  samples$(options: CollectOptions = {}): Observable<Sample> {
    const rounds = options.once ? 1 : this.config.rounds;
    return defer(() => {
      const samples$ = this.config.pace === 'max' ? this.asFastAsPossible$(rounds) : this.realtime$(rounds);
      this.deps.status.set('collector', this.name, 'up', {
        devices: this.plan.devices.length,
        series: this.plan.series.length,
        pace: this.config.pace,
      });
      this.deps.logger.info(
        {
          devices: this.plan.devices.length,
          series: this.plan.series.length,
          pace: this.config.pace,
          rounds,
        },
        'synthetic collector started',
      );
      return samples$;
    });
  }

  /**
   * Round 0 at once, stamped with the current interval slot of the wall
   * clock; round r at slot start + r × interval. Each wait is computed from
   * the clock, so a slow round delays the next one without shifting later
   * slots, and rounds missed during a stall follow immediately (no gaps).
   */
  private realtime$(rounds: number | undefined): Observable<Sample> {
    const { interval } = this.plan;
    const started = this.now();
    const generator = new RoundGenerator(this.plan, this.name, Math.floor(started / interval) * interval);
    const ticks$ = of(0).pipe(
      expand((round) =>
        timer(Math.max(0, generator.timeOf(round + 1) - this.now())).pipe(map(() => round + 1)),
      ),
    );
    return (rounds === undefined ? ticks$ : ticks$.pipe(take(rounds))).pipe(
      concatMap(
        (round) =>
          new Observable<Sample>((subscriber) => {
            generator.generate(round, 0, generator.deviceCount, (sample) => subscriber.next(sample));
            subscriber.complete();
          }),
      ),
    );
  }

  /**
   * Simulated time from start_time (or now), advancing by interval per round,
   * generated as fast as the subscriber takes it, SAMPLES_PER_TASK at a time
   * with a setImmediate in between so the event loop keeps turning.
   */
  private asFastAsPossible$(rounds: number | undefined): Observable<Sample> {
    return new Observable<Sample>((subscriber) => {
      const start = this.config.start_time === undefined ? this.now() : Date.parse(this.config.start_time);
      const generator = new RoundGenerator(this.plan, this.name, start);
      const devicesPerTask = Math.max(1, Math.floor(SAMPLES_PER_TASK / generator.seriesCount));
      const emit = (sample: Sample) => subscriber.next(sample);
      let round = 0;
      let device = 0;
      let pending: NodeJS.Immediate | undefined;
      const work = () => {
        let budget = SAMPLES_PER_TASK;
        while (budget > 0 && !subscriber.closed) {
          if (rounds !== undefined && round >= rounds) {
            subscriber.complete();
            return;
          }
          const to = Math.min(generator.deviceCount, device + devicesPerTask);
          generator.generate(round, device, to, emit);
          budget -= (to - device) * generator.seriesCount;
          device = to;
          if (device === generator.deviceCount) {
            device = 0;
            round++;
          }
        }
        if (!subscriber.closed) pending = setImmediate(work);
      };
      pending = setImmediate(work);
      return () => clearImmediate(pending);
    });
  }
}
