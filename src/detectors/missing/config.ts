import { z } from 'zod';
import { positiveDuration } from '../../config/units';

export const missingConfigSchema = z
  .strictObject({
    type: z.literal('missing'),
    max_gap: positiveDuration()
      .optional()
      .describe(
        'A silence this long (data time) scores 0.9; when absent, `factor` × the learned usual interval.',
      ),
    factor: z
      .number()
      .gt(1)
      .default(3)
      .describe('Without max_gap: a silence of this many usual intervals scores 0.9.'),
    min_points: z
      .number()
      .int()
      .min(2)
      .default(5)
      .describe('Points seen before gaps are scored (the usual interval is learned from them).'),
  })
  .describe(
    'Missing data: a series that stops reporting. Scores the silence while it lasts (the detect stage checks silent series against the data time of the others) and the gap when the series comes back.',
  );

export type MissingConfig = z.output<typeof missingConfigSchema>;
