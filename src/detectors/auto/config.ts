import { z } from 'zod';
import { minPoints, weight } from '../settings';

export const autoConfigSchema = z
  .strictObject({
    type: z.literal('auto'),
    min_points: minPoints(30),
    level_alpha: weight(
      0.3,
      'Weight of the newest point in the exponentially weighted level the next point is compared with.',
    ),
    scale_alpha: weight(
      0.01,
      'Weight of the newest deviation in the typical deviation (the noise scale) of the series.',
    ),
    saturation: z
      .number()
      .positive()
      .default(20)
      .describe('Deviation, in noise scales, at which the raw surprise of a point reaches its maximum.'),
    range_margin: z
      .number()
      .min(0)
      .default(0.05)
      .describe(
        'A value beyond the range seen so far by more than this fraction of the range is maximally surprising, and is scored by how unlikely so large a record is; an excursion within this fraction of the range of a remembered excursion state is a visit to that state; a shift between the fast and the slow mean that beats the largest so far by more than this fraction of it is scored the same way.',
      ),
    envelope_decay: z
      .number()
      .min(0)
      .max(1)
      .default(0.05)
      .describe(
        'Per day, the fraction of its width by which the time-of-day envelope shrinks where the day stayed inside it.',
      ),
    envelope_growth: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe(
        "How far the time-of-day envelope moves out to a day's extreme beyond it, when the day is over.",
      ),
    short_window: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe('Points whose raw surprise is averaged before it is compared with the long history.'),
    long_horizon: z
      .number()
      .int()
      .min(10)
      .default(1000)
      .describe(
        'Points of raw-surprise history (exponentially weighted) the recent average is compared with.',
      ),
    alert_tail: z
      .number()
      .gt(0)
      .lt(1)
      .default(2e-4)
      .describe(
        'Tail probability that scores 0.9 (the default rule threshold); scores are 0.9 × log(p) / log(alert_tail).',
      ),
    repeat_decay: z
      .number()
      .min(0)
      .lt(1)
      .default(0.995)
      .describe(
        'Per point, how slowly the memory of the last peak score fades; a score that does not exceed that memory is reported as 0.',
      ),
  })
  .describe(
    'The default detector: needs no tuning. Combines deviation from the recent level, novelty against the range seen so far and against the time-of-day envelope, and sustained shifts of the mean, and turns the recent average surprise into a calibrated tail probability.',
  );

export type AutoConfig = z.output<typeof autoConfigSchema>;
