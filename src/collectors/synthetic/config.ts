import { z } from 'zod';
import { duration, objectName } from '../../config/units';
import { isolationShape } from '../common';

const seasonality = z.strictObject({
  amplitude: z.number(),
  period: duration().default(86_400_000),
  /** Offset of the peak within the period. */
  phase: duration().default(0),
});

const seriesSchema = z.strictObject({
  measurement: z.string().min(1),
  field: z.string().min(1),
  /** Extra tags of this series; each device adds `device`. */
  tags: z.record(z.string(), z.string()).default({}),
  /** gauge: the value itself; counter32/counter64: a counter that grows by the value per second. */
  kind: z.enum(['gauge', 'counter32', 'counter64']).default('gauge'),
  baseline: z.number(),
  /** Standard deviation of Gaussian noise. */
  noise: z.number().min(0).default(0),
  seasonality: seasonality.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Start value of a counter. */
  initial: z.number().min(0).default(0),
});

const anomalySchema = z.strictObject({
  /** Name of an entry under `series`. */
  series: z.string(),
  /** Device it applies to; all devices when absent. */
  device: z.string().optional(),
  type: z.enum(['spike', 'level_shift', 'drift', 'flatline', 'dropout']),
  /** Offset from the collector's start. */
  at: duration(),
  duration: duration().default(60_000),
  /** spike and level_shift: added to the value; drift: added per minute. */
  magnitude: z.number().default(0),
  /** Repeat the anomaly with this period (useful in a long-running demo). */
  every: duration().optional(),
});

const devicesSchema = z.union([
  z.array(z.string().min(1)).min(1),
  z.strictObject({ count: z.number().int().min(1).max(1_000_000), prefix: z.string().default('device-') }),
]);

export const syntheticConfigSchema = z
  .strictObject({
    type: z.literal('synthetic'),
    interval: duration().default(1_000),
    seed: z.number().int().default(1),
    /** realtime: one round per interval; max: as fast as the pipeline takes them, time advancing by `interval`. */
    pace: z.enum(['realtime', 'max']).default('realtime'),
    /** Stop after this many rounds (a bounded run for tests and benchmarks). */
    rounds: z.number().int().min(1).optional(),
    /** Start time of simulated time with pace max (ISO 8601); the wall clock otherwise. */
    start_time: z.iso.datetime({ offset: true }).optional(),
    devices: devicesSchema,
    series: z.record(objectName, seriesSchema),
    anomalies: z.array(anomalySchema).default([]),
    ...isolationShape,
  })
  .superRefine((config, ctx) => {
    config.anomalies.forEach((anomaly, index) => {
      if (!(anomaly.series in config.series)) {
        ctx.issues.push({
          code: 'custom',
          input: anomaly.series,
          path: ['anomalies', index, 'series'],
          message: `unknown series "${anomaly.series}" (defined: ${Object.keys(config.series).join(', ')})`,
        });
      }
    });
  });

export type SyntheticConfig = z.output<typeof syntheticConfigSchema>;
export type SyntheticSeriesConfig = z.output<typeof seriesSchema>;
export type SyntheticAnomalyConfig = z.output<typeof anomalySchema>;
