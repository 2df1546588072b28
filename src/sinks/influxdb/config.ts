import { z } from 'zod';
import { secretReference } from '../../config/secrets';
import { positiveDuration } from '../../config/units';
import { bufferShape } from '../common';

export const influxSinkConfigSchema = z
  .strictObject({
    type: z.literal('influxdb'),
    api: z
      .enum(['v2', 'v1'])
      .default('v2')
      .describe(
        'Write API: v2 (`/api/v2/write`, InfluxDB 2.x, 3.x, Cloud, 1.8+ and VictoriaMetrics) or v1 (`/write`, InfluxDB 1.x).',
      ),
    url: z
      .string()
      .regex(/^https?:\/\/[^\s/]+/, 'expected an http:// or https:// URL')
      .describe('Base URL of the server, such as http://127.0.0.1:8086.'),
    org: z.string().min(1).optional().describe('v2: organisation (required with api v2).'),
    bucket: z.string().min(1).optional().describe('v2: bucket (required with api v2).'),
    token: secretReference()
      .optional()
      .describe('v2: API token, as a secret reference (required with api v2).'),
    database: z.string().min(1).optional().describe('v1: database (required with api v1); it must exist.'),
    retention_policy: z
      .string()
      .min(1)
      .optional()
      .describe('v1: retention policy; the default one when absent.'),
    username: secretReference()
      .optional()
      .describe('v1: user name, as a secret reference, when auth is enabled.'),
    password: secretReference()
      .optional()
      .describe('v1: password, as a secret reference, when auth is enabled.'),
    gzip: z
      .boolean()
      .default(false)
      .describe(
        "Compress write bodies larger than 1 KB with gzip (level 6, costing about a third of the sink's CPU): worth it on slow or metered links, not on a LAN.",
      ),
    timeout: positiveDuration().default(10_000).describe('Time limit of one write request.'),
    ...bufferShape,
    max_in_flight: bufferShape.max_in_flight
      .unwrap()
      .default(4)
      .describe(
        'Batches written at the same time at most; with more than 1, batches may reach the server out of order, which stores the same points since each carries its own timestamp (1 keeps the order).',
      ),
  })
  .superRefine((config, ctx) => {
    const required = config.api === 'v2' ? (['org', 'bucket', 'token'] as const) : (['database'] as const);
    for (const key of required) {
      if (config[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required with api ${config.api}` });
      }
    }
    if ((config.username === undefined) !== (config.password === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'username and password go together' });
    }
  })
  .describe('Writes line protocol to InfluxDB (or a server speaking its write API) over HTTP.');

export type InfluxSinkConfig = z.output<typeof influxSinkConfigSchema>;
