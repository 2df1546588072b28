import { z } from 'zod';
import { duration } from '../config/units';

/** Isolation settings every collector shares: how silence and failures are handled. */
export const isolationShape = {
  /** A source that sends nothing for this long is restarted. */
  inactivity_timeout: duration().default(60_000),
  backoff: z
    .strictObject({
      initial: duration().default(1_000),
      max: duration().default(60_000),
      multiplier: z.number().min(1).default(2),
      /** Fraction of each delay that is random, so that many sources do not retry in step. */
      jitter: z.number().min(0).max(1).default(0.2),
    })
    .default({ initial: 1_000, max: 60_000, multiplier: 2, jitter: 0.2 }),
};

export type BackoffConfig = z.output<typeof isolationShape.backoff>;
