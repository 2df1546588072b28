import { z } from 'zod';
import { positiveDuration } from '../../config/units';
import { weight } from '../settings';

const DAY_MS = 86_400_000;

export const seasonalConfigSchema = z
  .strictObject({
    type: z.literal('seasonal'),
    period: z
      .enum(['day', 'week'])
      .default('day')
      .describe('The cycle the profile follows: the time of day, or the time of week (UTC).'),
    bin: positiveDuration()
      .default(3_600_000)
      .describe(
        'Width of one slot of the profile; the period must be a whole number of slots (at most 2016).',
      ),
    alpha: weight(0.1, 'Weight of the newest point in its slot’s exponentially weighted mean and variance.'),
    sigma: z
      .number()
      .positive()
      .default(3)
      .describe('Deviation from the slot’s mean, in the slot’s standard deviations, that scores 0.9.'),
    min_points_per_bin: z
      .number()
      .int()
      .min(2)
      .default(5)
      .describe('Points a slot has learned before points falling in it are scored; until then they score 0.'),
  })
  .refine(
    (c) => {
      const slots = (c.period === 'week' ? 7 * DAY_MS : DAY_MS) / c.bin;
      return Number.isInteger(slots) && slots <= 2016;
    },
    { message: 'the period must be a whole number of `bin`s, at most 2016', path: ['bin'] },
  )
  .describe(
    'Seasonal baseline: a per-time-of-day (or time-of-week) profile of mean and variance; each point is compared with its slot.',
  );

export type SeasonalConfig = z.output<typeof seasonalConfigSchema>;

export function periodMs(config: SeasonalConfig): number {
  return config.period === 'week' ? 7 * DAY_MS : DAY_MS;
}
