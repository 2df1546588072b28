import { z } from 'zod';
import { collectorConfigSchema } from '../collectors/config';
import { detectorConfigSchema } from '../detectors/config';
import { sinkConfigSchema } from '../sinks/config';
import { duration, objectName } from './units';

const listenAddress = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected host:port, such as 127.0.0.1:9750');

const serviceSchema = z.strictObject({
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  http: z
    .strictObject({ enabled: z.boolean().default(true), listen: listenAddress.default('127.0.0.1:9750') })
    .default({ enabled: true, listen: '127.0.0.1:9750' }),
  /** How long a graceful stop may take to flush sinks before Noctua exits anyway. */
  shutdown_timeout: duration().default(10_000),
  /** A file holding the PID; a second instance with the same file refuses to start. */
  pid_file: z.string().min(1).optional(),
});

const detectionSchema = z.strictObject({
  /** Series with detector state at most; points of further series are counted and not scored. */
  max_series: z.number().int().min(1).default(200_000),
  /** Detector state of a series that has not reported for this long (in data time) is dropped. */
  idle_expiry: duration().default(3_600_000),
});

/** Glob patterns: `*` matches any run of characters, `?` one character. */
const pattern = z.string().min(1);

const ruleSchema = z.strictObject({
  description: z.string().optional(),
  match: z
    .strictObject({
      measurement: pattern.default('*'),
      fields: z.array(pattern).min(1).default(['*']),
      tags: z.record(z.string(), pattern).default({}),
      /** Collectors whose samples this rule sees; all when absent. */
      collectors: z.array(objectName).optional(),
    })
    .default({ measurement: '*', fields: ['*'], tags: {} }),
  detector: detectorConfigSchema,
  /** Score at or above which a point counts as an anomaly (counted, logged). */
  threshold: z.number().min(0).max(1).default(0.9),
  severity: z.enum(['info', 'warning', 'critical']).default('warning'),
  labels: z.record(z.string(), z.string()).default({}),
});

export const configSchema = z
  .strictObject({
    service: serviceSchema.default(serviceSchema.parse({})),
    collectors: z.record(objectName, collectorConfigSchema).refine((c) => Object.keys(c).length > 0, {
      message: 'define at least one collector',
    }),
    sinks: z.record(objectName, sinkConfigSchema).default({}),
    detection: detectionSchema.default(detectionSchema.parse({})),
    /** Evaluated in order; the first rule that matches a series owns it. */
    rules: z.record(objectName, ruleSchema).default({}),
  })
  .superRefine((config, ctx) => {
    for (const [ruleName, rule] of Object.entries(config.rules)) {
      (rule.match.collectors ?? []).forEach((collector, index) => {
        if (!(collector in config.collectors)) {
          ctx.issues.push({
            code: 'custom',
            input: collector,
            path: ['rules', ruleName, 'match', 'collectors', index],
            message: `unknown collector "${collector}" (defined: ${Object.keys(config.collectors).join(', ')})`,
          });
        }
      });
    }
  });

export type NoctuaConfig = z.output<typeof configSchema>;
export type RuleConfig = NoctuaConfig['rules'][string];
export type ServiceConfig = NoctuaConfig['service'];
export type DetectionConfig = NoctuaConfig['detection'];
