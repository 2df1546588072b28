import { z } from 'zod';
import { minPoints, weight } from '../settings';

export const cusumConfigSchema = z
  .strictObject({
    type: z.literal('cusum'),
    drift: z
      .number()
      .min(0)
      .default(0.5)
      .describe('Slack per point, in standard deviations: shifts smaller than this are ignored.'),
    limit: z
      .number()
      .positive()
      .default(5)
      .describe('Cumulative sum, in standard deviations, at which a change point is declared (scores 0.9).'),
    alpha: weight(
      0.01,
      'Weight of the newest point in the reference mean and variance the sums are measured from.',
    ),
    min_points: minPoints(30, 'Points learned as the reference before the sums start'),
  })
  .describe(
    'Change point (two-sided CUSUM): a sustained shift of the level, even one too small to stand out point by point.',
  );

export type CusumConfig = z.output<typeof cusumConfigSchema>;
