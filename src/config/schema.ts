import { z } from 'zod';
import { collectorConfigSchema } from '../collectors/config';
import { detectorConfigSchema } from '../detectors/config';
import { sinkConfigSchema } from '../sinks/config';
import { duration, objectName } from './units';

/*
 * The shape of a config file. Checks that span named objects (a rule naming a
 * collector) live in references.ts, so that they run even when other parts of
 * the file are invalid.
 */

const listenAddress = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected host:port, such as 127.0.0.1:9750');

const serviceSchema = z.strictObject({
  log_level: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Least severe log level written; `noctua run --log-level` overrides it.'),
  http: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe('Serve /metrics, /healthz, /readyz, the API and the live page.'),
      listen: listenAddress.default('127.0.0.1:9750').describe('Address and port of the HTTP server.'),
    })
    .default({ enabled: true, listen: '127.0.0.1:9750' })
    .describe('The HTTP server.'),
  shutdown_timeout: duration()
    .default(10_000)
    .describe('How long a graceful stop may take to flush sinks before Noctua exits anyway.'),
  pid_file: z
    .string()
    .min(1)
    .optional()
    .describe('A file holding the PID; a second instance with the same file refuses to start.'),
});

const detectionSchema = z.strictObject({
  max_series: z
    .number()
    .int()
    .min(1)
    .default(200_000)
    .describe('Series with detector state at most; points of further series are counted and not scored.'),
  idle_expiry: duration()
    .default(3_600_000)
    .describe('Detector state of a series that has not reported for this long (in data time) is dropped.'),
});

const pattern = z.string().min(1);

const ruleSchema = z.strictObject({
  description: z.string().optional().describe('What the rule watches, for people reading alerts.'),
  match: z
    .strictObject({
      measurement: pattern
        .default('*')
        .describe('Measurement name pattern: `*` matches any run of characters, `?` one character.'),
      fields: z
        .array(pattern)
        .min(1)
        .default(['*'])
        .describe('Field name patterns; a field matching any is scored.'),
      tags: z
        .record(z.string(), pattern)
        .default({})
        .describe('Tag name → value pattern; every one must match.'),
      collectors: z
        .array(objectName)
        .optional()
        .describe('Names of the collectors whose samples this rule sees; all collectors when absent.'),
    })
    .default({ measurement: '*', fields: ['*'], tags: {} })
    .describe('Which series the rule scores.'),
  detector: detectorConfigSchema.describe('How each matching series is scored.'),
  threshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.9)
    .describe('Score at or above which a point counts as an anomaly (counted and logged).'),
  severity: z.enum(['info', 'warning', 'critical']).default('warning').describe('Severity of the anomalies.'),
  labels: z.record(z.string(), z.string()).default({}).describe('Extra labels attached to the anomalies.'),
});

export const configSchema = z.strictObject({
  service: serviceSchema.default(serviceSchema.parse({})).describe('The Noctua process itself.'),
  collectors: z
    .record(objectName, collectorConfigSchema)
    .refine((c) => Object.keys(c).length > 0, { message: 'define at least one collector' })
    .describe('Where samples come from, by name; `type` selects the protocol.'),
  sinks: z
    .record(objectName, sinkConfigSchema)
    .default({})
    .describe('Where samples and scores are stored, by name; `type` selects the target.'),
  detection: detectionSchema
    .default(detectionSchema.parse({}))
    .describe('Limits of the per-series detector state.'),
  rules: z
    .record(objectName, ruleSchema)
    .default({})
    .describe('Detection rules by name, evaluated in order; the first rule that matches a series owns it.'),
});

export type NoctuaConfig = z.output<typeof configSchema>;
export type RuleConfig = NoctuaConfig['rules'][string];
export type ServiceConfig = NoctuaConfig['service'];
export type DetectionConfig = NoctuaConfig['detection'];
