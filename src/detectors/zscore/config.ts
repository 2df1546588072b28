import { z } from 'zod';
import { minPoints } from '../settings';

export const zscoreConfigSchema = z
  .strictObject({
    type: z.literal('zscore'),
    window: z.number().int().min(2).max(100_000).default(60).describe('Points in the rolling window.'),
    min_points: minPoints(20),
    sigma: z
      .number()
      .positive()
      .default(3)
      .describe(
        'Deviation from the window mean, in standard deviations of the window, that scores 0.9 (the default threshold).',
      ),
  })
  .describe('Rolling z-score: how far a point lies from the mean of the last `window` points.');

export type ZScoreConfig = z.output<typeof zscoreConfigSchema>;
