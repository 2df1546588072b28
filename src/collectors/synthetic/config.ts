import { z } from 'zod';
import { unknownName } from '../../config/suggest';
import { duration, objectName, positiveDuration } from '../../config/units';
import { isolationShape } from '../common';
import { deviceNames } from './devices';

const seasonality = z.strictObject({
  amplitude: z.number().describe('Height of the swing above and below the baseline.'),
  period: positiveDuration().default(86_400_000).describe('Length of one cycle.'),
  phase: duration().default(0).describe('Offset of the peak within the period.'),
});

const seriesSchema = z.strictObject({
  measurement: z.string().min(1).describe('Measurement of the samples.'),
  field: z.string().min(1).describe('Field that carries the value.'),
  tags: z
    .record(z.string(), z.string())
    .default({})
    .describe('Extra tags of this series; each device adds `device`.'),
  kind: z
    .enum(['gauge', 'counter32', 'counter64'])
    .default('gauge')
    .describe('gauge: the value itself; counter32/counter64: a counter that grows by the value per second.'),
  baseline: z.number().describe('Value (or growth per second) around which the series moves.'),
  noise: z.number().min(0).default(0).describe('Standard deviation of Gaussian noise.'),
  seasonality: seasonality.optional().describe('A sine-shaped cycle added to the baseline.'),
  min: z.number().optional().describe('Values are clamped to at least this.'),
  max: z.number().optional().describe('Values are clamped to at most this.'),
  initial: z.number().min(0).default(0).describe('Start value of a counter.'),
});

const anomalySchema = z.strictObject({
  series: z.string().describe('Name of an entry under `series`.'),
  device: z.string().optional().describe('Device it applies to; all devices when absent.'),
  type: z
    .enum(['spike', 'level_shift', 'drift', 'flatline', 'dropout'])
    .describe('What happens to the values.'),
  at: duration().describe("Offset from the collector's start."),
  duration: duration().default(60_000).describe('How long the anomaly lasts.'),
  magnitude: z
    .number()
    .default(0)
    .describe('spike and level_shift: added to the value; drift: added per minute.'),
  every: positiveDuration()
    .optional()
    .describe('Repeat the anomaly with this period (useful in a long-running demo).'),
});

const devicesSchema = z
  .union([
    z.array(z.string().min(1)).min(1),
    z.strictObject({
      count: z.number().int().min(1).max(1_000_000).describe('Number of devices.'),
      prefix: z.string().default('device-').describe('Device names are the prefix and a number from 1.'),
    }),
  ])
  .describe('Simulated devices: a list of names, or a count and a name prefix.');

export const syntheticConfigSchema = z
  .strictObject({
    type: z.literal('synthetic'),
    interval: positiveDuration()
      .default(1_000)
      .describe('Time between rounds; every round emits one sample per series and device.'),
    seed: z
      .number()
      .int()
      .default(1)
      .describe('Seed of the random noise: the same seed gives the same data.'),
    pace: z
      .enum(['realtime', 'max'])
      .default('realtime')
      .describe(
        'realtime: one round per interval; max: as fast as the pipeline takes them, time advancing by `interval`.',
      ),
    rounds: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Stop after this many rounds (a bounded run for tests and benchmarks).'),
    start_time: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Start of simulated time with pace max (ISO 8601); the wall clock otherwise.'),
    devices: devicesSchema,
    series: z.record(objectName, seriesSchema).describe('Simulated series by name.'),
    anomalies: z.array(anomalySchema).default([]).describe('Anomalies injected on a schedule.'),
    ...isolationShape,
  })
  .superRefine((config, ctx) => {
    const defined = Object.keys(config.series);
    const devices = deviceNames(config.devices);
    config.anomalies.forEach((anomaly, index) => {
      if (!(anomaly.series in config.series)) {
        ctx.issues.push({
          code: 'custom',
          input: anomaly.series,
          path: ['anomalies', index, 'series'],
          message: unknownName('series', anomaly.series, defined),
        });
      }
      if (anomaly.device !== undefined && !devices.includes(anomaly.device)) {
        ctx.issues.push({
          code: 'custom',
          input: anomaly.device,
          path: ['anomalies', index, 'device'],
          message: unknownName('device', anomaly.device, devices.slice(0, 20)),
        });
      }
    });
    for (const [name, series] of Object.entries(config.series)) {
      if ('device' in series.tags) {
        ctx.issues.push({
          code: 'custom',
          input: series.tags,
          path: ['series', name, 'tags', 'device'],
          message: 'the `device` tag is set from the device name; choose another tag name',
        });
      }
    }
  })
  .describe('Simulated devices and series with anomalies on a schedule, for demos, tests and benchmarks.');

export type SyntheticConfig = z.output<typeof syntheticConfigSchema>;
export type SyntheticSeriesConfig = z.output<typeof seriesSchema>;
export type SyntheticAnomalyConfig = z.output<typeof anomalySchema>;
