import { z } from 'zod';
import { duration } from '../config/units';

const DEFAULT_BACKOFF = { initial: 1_000, max: 60_000, multiplier: 2, jitter: 0.2 };

/** Isolation settings every collector shares: how silence and failures are handled. */
export const isolationShape = {
  inactivity_timeout: duration()
    .default(60_000)
    .describe('A source that sends nothing for this long is restarted (and `--once` gives up on it).'),
  backoff: z
    .strictObject({
      initial: duration().default(DEFAULT_BACKOFF.initial).describe('Delay before the first retry.'),
      max: duration().default(DEFAULT_BACKOFF.max).describe('Largest delay between retries.'),
      multiplier: z
        .number()
        .min(1)
        .default(DEFAULT_BACKOFF.multiplier)
        .describe('Growth of the delay per retry.'),
      jitter: z
        .number()
        .min(0)
        .max(1)
        .default(DEFAULT_BACKOFF.jitter)
        .describe('Fraction of each delay that is random, so that many sources do not retry in step.'),
    })
    .default(DEFAULT_BACKOFF)
    .describe('Retry after a failure or silence: capped exponential backoff, reset after data arrives.'),
};

export type BackoffConfig = z.output<typeof isolationShape.backoff>;
