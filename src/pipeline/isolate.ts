import {
  asyncScheduler,
  concat,
  defer,
  identity,
  type MonoTypeOperatorFunction,
  type Observable,
  retry,
  type SchedulerLike,
  tap,
  throwError,
  timeout,
  timer,
} from 'rxjs';
import { type BackoffPolicy, backoffDelay } from '../core/backoff';

export type SourceState = 'starting' | 'up' | 'down';

export interface IsolateOptions {
  /** Used in error messages. */
  name: string;
  /** A source silent for this long (ms) is restarted; 0 = no limit. */
  inactivityTimeout: number;
  backoff: BackoffPolicy;
  /** Restart a source that completes (a stream that should never end), or complete with it (a bounded run). */
  restartOnComplete: boolean;
  scheduler?: SchedulerLike;
  /** Source of jitter, [0, 1). */
  random?: () => number;
}

/** Hooks must not throw. */
export interface IsolateHooks {
  /**
   * 'starting' on subscribe, 'up' on the first value after a (re)subscribe,
   * 'down' with the reason on every failure (so also while already down).
   */
  onState(state: SourceState, error?: unknown): void;
  /** A restart is scheduled: attempt 1 is the first restart since the last value. */
  onRetry?(attempt: number, delayMs: number): void;
}

/**
 * Wraps a source so that its failures never reach the merged stream: an
 * error, a silence longer than the inactivity timeout or (with
 * restartOnComplete) a completion turns into state 'down' and a resubscribe
 * after capped exponential backoff with jitter. The attempt count starts again
 * after a value arrives. The returned observable never errors; it completes
 * only when the source completes and restartOnComplete is off.
 */
export function isolate<T>(
  source: () => Observable<T>,
  options: IsolateOptions,
  hooks: IsolateHooks,
): Observable<T> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const random = options.random ?? Math.random;
  const silenceLimit: MonoTypeOperatorFunction<T> =
    options.inactivityTimeout > 0
      ? timeout({
          each: options.inactivityTimeout,
          scheduler,
          with: () =>
            throwError(() => new Error(`${options.name}: no data for ${options.inactivityTimeout} ms`)),
        })
      : identity;
  const completionAsError: MonoTypeOperatorFunction<T> = options.restartOnComplete
    ? (attempt$) =>
        concat(
          attempt$,
          throwError(() => new Error(`${options.name}: source completed`)),
        )
    : identity;

  return defer(() => {
    let up = false;
    hooks.onState('starting');
    return defer(source).pipe(
      completionAsError,
      silenceLimit,
      tap(() => {
        if (up) return;
        up = true;
        hooks.onState('up');
      }),
      retry({
        resetOnSuccess: true,
        delay: (error: unknown, attempt) => {
          up = false;
          hooks.onState('down', error);
          const delayMs = backoffDelay(options.backoff, attempt, random);
          hooks.onRetry?.(attempt, delayMs);
          return timer(delayMs, scheduler);
        },
      }),
    );
  });
}
