import { z } from 'zod';
import { positiveDuration } from '../../config/units';

export const flatlineConfigSchema = z
  .strictObject({
    type: z.literal('flatline'),
    min_duration: positiveDuration()
      .default(300_000)
      .describe('How long (data time) the value must stay stuck to score 0.9; the score ramps up to it.'),
    tolerance: z
      .number()
      .min(0)
      .default(0)
      .describe(
        'Values within this distance of the first value of the run count as the same (same unit as the value).',
      ),
  })
  .describe(
    'Flatline: a value that stops changing (a stuck sensor, a frozen counter rate, a hung agent repeating itself).',
  );

export type FlatlineConfig = z.output<typeof flatlineConfigSchema>;
