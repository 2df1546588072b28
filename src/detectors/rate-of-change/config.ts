import { z } from 'zod';
import { minPoints, weight } from '../settings';

export const rateOfChangeConfigSchema = z
  .strictObject({
    type: z.literal('rate_of_change'),
    max_rate: z
      .number()
      .positive()
      .optional()
      .describe(
        'Fixed limit on the change per second (either direction) that scores 0.9; when absent, the limit is learned from the series (see sigma).',
      ),
    sigma: z
      .number()
      .positive()
      .default(4)
      .describe(
        'Without max_rate: a change per second this many learned standard deviations from the usual change scores 0.9.',
      ),
    alpha: weight(
      0.05,
      'Without max_rate: weight of the newest change in its exponentially weighted mean and variance.',
    ),
    min_points: minPoints(10),
  })
  .describe('Rate of change: how fast the value moves between consecutive points, per second of data time.');

export type RateOfChangeConfig = z.output<typeof rateOfChangeConfigSchema>;
