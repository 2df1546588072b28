import { z } from 'zod';
import { secretReference } from '../../config/secrets';
import { duration, objectName, positiveDuration, size } from '../../config/units';
import { isolationShape } from '../common';
import { parsePath } from './path';

/** A path string that must parse; the parsed form is checked again when the collector is built. */
const gnmiPath = () =>
  z
    .string()
    .min(1)
    .superRefine((text, ctx) => {
      try {
        parsePath(text);
      } catch (error) {
        ctx.issues.push({ code: 'custom', input: text, message: (error as Error).message });
      }
    });

const subscriptionSchema = z.strictObject({
  path: gnmiPath().describe('Path to subscribe to, e.g. `/interfaces/interface[name=*]/state/counters`.'),
  mode: z
    .enum(['sample', 'on_change', 'target_defined'])
    .default('sample')
    .describe('Stream mode: sample every `sample_interval`, on_change, or as the target decides.'),
  sample_interval: duration()
    .default(10_000)
    .describe('Sample mode: time between samples (0 lets the target choose).'),
  heartbeat_interval: duration()
    .default(0)
    .describe(
      'Resend unchanged values at least this often (on_change, or sample with suppress_redundant); 0 = off.',
    ),
  suppress_redundant: z
    .boolean()
    .default(false)
    .describe('Sample mode: the target only sends leaves that changed (heartbeats still send all).'),
});

const targetSchema = z.strictObject({
  address: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:.]+\]:\d{1,5}$/, 'expected host:port')
    .describe('host:port of the target (gNMI commonly listens on 9339, 57400 or 6030).'),
  server_name: z
    .string()
    .optional()
    .describe('Name the TLS certificate must carry, when it differs from the host in `address`.'),
  prefix_target: z
    .string()
    .optional()
    .describe('`target` field of the subscription prefix (for gNMI gateways serving several devices).'),
});

const tlsSchema = z.strictObject({
  enabled: z.boolean().default(false).describe('Connect over TLS; plaintext otherwise.'),
  ca_file: z
    .string()
    .optional()
    .describe("PEM file of the CA(s) that sign the targets' certificates; the system CAs when absent."),
  cert_file: z
    .string()
    .optional()
    .describe('PEM client certificate, for targets that require one (mutual TLS).'),
  key_file: z.string().optional().describe('PEM private key of `cert_file`.'),
  skip_verify: z
    .boolean()
    .default(false)
    .describe(
      "Accept any server certificate. Only for labs: it gives up the check of the target's identity.",
    ),
});

const keepaliveSchema = z.strictObject({
  time: positiveDuration()
    .refine(
      (ms) => ms >= 10_000,
      'keepalive pings more often than every 10s get the connection closed by targets',
    )
    .default(360_000)
    .describe(
      'Ping the connection this often while a stream is open. gRPC servers allow one ping per 5 minutes by default and close the connection with ENHANCE_YOUR_CALM (too_many_pings) when pinged more often; lower it only for targets configured to permit it.',
    ),
  timeout: positiveDuration()
    .default(20_000)
    .describe('Close the connection when a ping is not answered within this.'),
});

export const gnmiConfigSchema = z
  .strictObject({
    type: z.literal('gnmi'),
    targets: z
      .record(objectName, targetSchema)
      .refine((targets) => Object.keys(targets).length > 0, 'at least one target is needed')
      .describe('Targets to subscribe to, by name; the name becomes the `source` tag.'),
    subscriptions: z
      .record(objectName, subscriptionSchema)
      .refine((subscriptions) => Object.keys(subscriptions).length > 0, 'at least one subscription is needed')
      .describe('Paths subscribed on every target; the name is the measurement of their updates.'),
    aliases: z
      .record(objectName, gnmiPath())
      .default({})
      .describe(
        'Measurement names for paths (keys ignored): an update takes the name of the longest subscription or alias path that contains it.',
      ),
    prefix: gnmiPath()
      .optional()
      .describe('Common prefix of all subscription paths (may carry an `origin:`).'),
    mode: z
      .enum(['stream', 'poll', 'once'])
      .default('stream')
      .describe(
        'stream: the target pushes updates; poll: one stream, polled every `poll_interval`; once: a new one-shot subscription every `poll_interval`.',
      ),
    poll_interval: positiveDuration().default(10_000).describe('poll and once modes: time between rounds.'),
    encoding: z
      .enum(['json', 'json_ietf', 'proto'])
      .default('json_ietf')
      .describe('Encoding of values asked from the target (proto: typed scalars).'),
    updates_only: z
      .boolean()
      .default(false)
      .describe('stream mode: skip the initial full state and only send changes after sync_response.'),
    username: secretReference()
      .optional()
      .describe('User name sent as `username` metadata: a secret reference.'),
    password: secretReference()
      .optional()
      .describe('Password sent as `password` metadata: a secret reference.'),
    tls: tlsSchema.default({ enabled: false, skip_verify: false }).describe('TLS settings for every target.'),
    keepalive: keepaliveSchema
      .default({ time: 360_000, timeout: 20_000 })
      .describe('HTTP/2 keepalive pings, to notice a dead connection.'),
    timeout: positiveDuration()
      .default(10_000)
      .describe('Deadline to connect and for the Capabilities call; a slower target counts as failed.'),
    max_message_size: size()
      .default(16 * 1024 * 1024)
      .describe(
        'Largest message accepted from a target; a larger one fails the stream (counted) and it is resubscribed.',
      ),
    max_series: z
      .number()
      .int()
      .min(1)
      .default(100_000)
      .describe('Tag sets cached per target for reuse; the cache starts over when full.'),
    ...isolationShape,
  })
  .superRefine((config, ctx) => {
    const { cert_file, key_file, enabled } = config.tls;
    if ((cert_file === undefined) !== (key_file === undefined)) {
      ctx.issues.push({
        code: 'custom',
        input: config.tls,
        path: ['tls', cert_file === undefined ? 'cert_file' : 'key_file'],
        message: 'cert_file and key_file go together',
      });
    }
    if (!enabled && (cert_file !== undefined || config.tls.ca_file !== undefined || config.tls.skip_verify)) {
      ctx.issues.push({
        code: 'custom',
        input: config.tls,
        path: ['tls', 'enabled'],
        message: 'TLS options are set but tls.enabled is false',
      });
    }
    if ((config.username === undefined) !== (config.password === undefined)) {
      ctx.issues.push({
        code: 'custom',
        input: config.username ?? config.password,
        path: [config.username === undefined ? 'username' : 'password'],
        message: 'username and password go together',
      });
    }
  })
  .describe(
    'gNMI dial-in: subscribes to targets over gRPC (STREAM, POLL or ONCE) and maps notifications to samples.',
  );

export type GnmiConfig = z.output<typeof gnmiConfigSchema>;
export type GnmiTargetConfig = z.output<typeof targetSchema>;
