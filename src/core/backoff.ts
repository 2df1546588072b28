/** Capped exponential backoff with jitter, shared by sources, sinks and receivers. */
export interface BackoffPolicy {
  /** First delay, ms. */
  readonly initial: number;
  /** Largest delay, ms. */
  readonly max: number;
  readonly multiplier?: number;
  /** Fraction of the delay that is random (0..1): the delay lies in [d*(1-jitter), d]. */
  readonly jitter?: number;
}

/** Delay before retry number `attempt` (1 for the first retry). `random` returns [0, 1). */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const multiplier = policy.multiplier ?? 2;
  const jitter = policy.jitter ?? 0.2;
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(policy.max, policy.initial * multiplier ** exponent);
  return Math.max(0, Math.round(base * (1 - jitter * random())));
}
