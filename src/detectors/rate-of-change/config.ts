import { z } from 'zod';

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
    alpha: z
      .number()
      .gt(0)
      .lte(1)
      .default(0.05)
      .describe(
        'Without max_rate: weight of the newest change in its exponentially weighted mean and variance.',
      ),
    min_points: z
      .number()
      .int()
      .min(2)
      .default(10)
      .describe('Points seen before scores are given; until then the score is 0.'),
  })
  .describe('Rate of change: how fast the value moves between consecutive points, per second of data time.');

export type RateOfChangeConfig = z.output<typeof rateOfChangeConfigSchema>;
