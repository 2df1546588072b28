import { Observable, type OperatorFunction } from 'rxjs';
import type { NoctuaEvent, Score } from '../core';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

export interface AnomalyRule {
  readonly threshold: number;
  readonly severity: string;
}

export interface AnomalyEventOptions {
  /** Rules by name (the config's `rules`): a score at or above its rule's threshold is anomalous. */
  readonly rules: Readonly<Record<string, AnomalyRule>>;
  /** Series anomalous at once, at most; a start beyond it is counted and not reported. */
  readonly maxOpen: number;
}

const STAGE = { stage: 'anomaly_events', reason: 'open_limit' };

export interface AnomalyEventDeps {
  readonly metrics: Metrics;
  /** Each start is logged as a warning ("anomaly"), each end as info ("anomaly ended"). */
  readonly logger: Logger;
}

/**
 * Turns the score stream into anomaly events: `start` when a series' score
 * reaches its rule's threshold, `end` when it falls below again. Only series
 * in an anomaly are remembered (in one bounded Map), so memory follows the
 * number of open anomalies, not of series. This is the one place that
 * decides when an anomaly starts and ends: the log follows the events.
 */
export function anomalyEvents(
  options: AnomalyEventOptions,
  deps: AnomalyEventDeps,
): OperatorFunction<Score, NoctuaEvent> {
  const rules = new Map(Object.entries(options.rules));
  return (source) =>
    new Observable<NoctuaEvent>((subscriber) => {
      /** Series key → time its anomaly started. */
      const open = new Map<string, number>();
      return source.subscribe({
        next: (score) => {
          const rule = rules.get(score.rule);
          if (rule === undefined) return;
          const key = score.point.key;
          const since = open.get(key);
          if (score.score >= rule.threshold) {
            if (since !== undefined) return;
            if (open.size >= options.maxOpen) {
              deps.metrics.samplesDropped.inc(STAGE);
              return;
            }
            open.set(key, score.point.time);
            logStart(deps.logger, score);
            subscriber.next(anomalyEvent(score, rule, 'start', `anomaly on ${key}: ${describe(score)}`));
          } else if (since !== undefined) {
            open.delete(key);
            const seconds = Math.round((score.point.time - since) / 1000);
            deps.logger.info(
              { series: key, rule: score.rule, seconds, time: score.point.time },
              'anomaly ended',
            );
            subscriber.next(anomalyEvent(score, rule, 'end', `anomaly on ${key} ended after ${seconds}s`));
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

function logStart(logger: Logger, score: Score): void {
  const { point } = score;
  logger.warn(
    {
      series: point.key,
      rule: score.rule,
      value: point.value,
      expected: score.expected,
      lower: score.lower,
      upper: score.upper,
      score: score.score,
      time: point.time,
    },
    'anomaly',
  );
}

function anomalyEvent(score: Score, rule: AnomalyRule, state: string, text: string): NoctuaEvent {
  const { sample, field } = score.point;
  return {
    type: 'anomaly',
    state,
    time: score.point.time,
    tags: {
      ...sample.tags,
      measurement: sample.measurement,
      field,
      rule: score.rule,
      severity: rule.severity,
    },
    text,
    score: score.score,
    value: score.point.value,
  };
}

function describe(score: Score): string {
  const band =
    score.lower !== undefined && score.upper !== undefined
      ? ` outside ${round(score.lower)}..${round(score.upper)}`
      : '';
  return `value ${round(score.point.value)}${band}, score ${round(score.score)}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
