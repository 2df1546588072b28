import { z } from 'zod';

export const madConfigSchema = z
  .strictObject({
    type: z.literal('mad'),
    window: z.number().int().min(3).max(10_000).default(60).describe('Points in the rolling window.'),
    sigma: z
      .number()
      .positive()
      .default(3.5)
      .describe('Deviation from the median, in robust standard deviations (1.4826 × MAD), that scores 0.9.'),
    min_points: z
      .number()
      .int()
      .min(3)
      .default(20)
      .describe('Points seen before scores are given; until then the score is 0.'),
  })
  .describe(
    'Robust z-score: distance from the median of the last `window` points, in units of their median absolute deviation.',
  );

export type MadConfig = z.output<typeof madConfigSchema>;
