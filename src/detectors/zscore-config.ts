import { z } from 'zod';

export const zscoreConfigSchema = z
  .strictObject({
    type: z.literal('zscore'),
    window: z.number().int().min(2).max(100_000).default(60).describe('Points in the rolling window.'),
    min_points: z
      .number()
      .int()
      .min(2)
      .default(20)
      .describe('Points seen before scores are given; until then the score is 0.'),
    sigma: z
      .number()
      .positive()
      .default(3)
      .describe('Deviation, in standard deviations, that scores 0.5; larger deviations approach 1.'),
  })
  .describe('Rolling z-score: how far a point lies from the mean of the last `window` points.');

export type ZScoreConfig = z.output<typeof zscoreConfigSchema>;
