import { z } from 'zod';

export const zscoreConfigSchema = z.strictObject({
  type: z.literal('zscore'),
  /** Points in the rolling window. */
  window: z.number().int().min(2).max(100_000).default(60),
  /** Points seen before scores are given; until then the score is 0. */
  min_points: z.number().int().min(2).default(20),
  /** Deviation, in standard deviations, that scores 0.5; larger deviations approach 1. */
  sigma: z.number().positive().default(3),
});

export type ZScoreConfig = z.output<typeof zscoreConfigSchema>;
