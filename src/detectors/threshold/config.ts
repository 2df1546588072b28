import { z } from 'zod';

export const thresholdConfigSchema = z
  .strictObject({
    type: z.literal('threshold'),
    upper: z.number().optional().describe('Values above this enter the alarm state.'),
    lower: z.number().optional().describe('Values below this enter the alarm state.'),
    hysteresis: z
      .number()
      .min(0)
      .default(0)
      .describe(
        'The alarm ends only once the value is back inside the limits by this much (same unit as the value).',
      ),
  })
  .refine((c) => c.upper !== undefined || c.lower !== undefined, { message: 'set `upper`, `lower` or both' })
  .refine((c) => c.upper === undefined || c.lower === undefined || c.lower + 2 * c.hysteresis < c.upper, {
    message: '`lower` + 2 × `hysteresis` must stay below `upper`',
  })
  .describe(
    'Static limits with hysteresis: score 1 from a value beyond a limit until the value is back inside by `hysteresis`.',
  );

export type ThresholdConfig = z.output<typeof thresholdConfigSchema>;
