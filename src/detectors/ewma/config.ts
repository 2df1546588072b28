import { z } from 'zod';

export const ewmaConfigSchema = z
  .strictObject({
    type: z.literal('ewma'),
    alpha: z
      .number()
      .gt(0)
      .lte(1)
      .default(0.1)
      .describe(
        'Weight of the newest point in the exponentially weighted mean and variance (about 2/alpha points of memory).',
      ),
    sigma: z
      .number()
      .positive()
      .default(3)
      .describe(
        'Deviation, in exponentially weighted standard deviations, that scores 0.9 (the default threshold).',
      ),
    min_points: z
      .number()
      .int()
      .min(2)
      .default(20)
      .describe('Points seen before scores are given; until then the score is 0.'),
  })
  .describe(
    'EWMA control chart: distance from the exponentially weighted mean, in exponentially weighted standard deviations.',
  );

export type EwmaConfig = z.output<typeof ewmaConfigSchema>;
