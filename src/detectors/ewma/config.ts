import { z } from 'zod';
import { minPoints, weight } from '../settings';

export const ewmaConfigSchema = z
  .strictObject({
    type: z.literal('ewma'),
    alpha: weight(
      0.1,

      'Weight of the newest point in the exponentially weighted mean and variance (about 2/alpha points of memory).',
    ),
    sigma: z
      .number()
      .positive()
      .default(3)
      .describe(
        'Deviation, in exponentially weighted standard deviations, that scores 0.9 (the default threshold).',
      ),
    min_points: minPoints(20),
  })
  .describe(
    'EWMA control chart: distance from the exponentially weighted mean, in exponentially weighted standard deviations.',
  );

export type EwmaConfig = z.output<typeof ewmaConfigSchema>;
