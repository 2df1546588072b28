import { z } from 'zod';
import { duration, size } from '../../config/units';
import { isolationShape } from '../common';

const tlsSchema = z.strictObject({
  enabled: z.boolean().default(false).describe('Serve over TLS; plaintext otherwise.'),
  cert_file: z.string().optional().describe('PEM server certificate (with its chain).'),
  key_file: z.string().optional().describe('PEM private key of `cert_file`.'),
  client_ca_file: z
    .string()
    .optional()
    .describe('PEM CA(s) that must sign router client certificates; when set, routers must present one.'),
});

export const mdtConfigSchema = z
  .strictObject({
    type: z.literal('mdt'),
    listen: z
      .string()
      .regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:.]+\]:\d{1,5}$/, 'expected host:port')
      .describe(
        'host:port the dial-out server listens on; routers are configured to dial it (gRPC, no TLS unless enabled).',
      ),
    aliases: z
      .record(z.string().min(1), z.string().min(1))
      .default({})
      .describe('Measurement names by encoding path; other paths keep the encoding path as measurement.'),
    max_message_size: size()
      .default(4 * 1024 * 1024)
      .describe(
        'Largest dial-out message accepted; a router sending a larger one gets RESOURCE_EXHAUSTED (counted).',
      ),
    max_streams: z
      .number()
      .int()
      .min(1)
      .default(128)
      .describe('Dial-out streams open at once; more are refused with RESOURCE_EXHAUSTED (counted).'),
    tls: tlsSchema.default({ enabled: false }).describe('TLS for the dial-out server.'),
    ...isolationShape,
    inactivity_timeout: duration()
      .default(0)
      .describe(
        'Restart the server when no router sent anything for this long; 0 (the default) waits forever, since routers may be idle or not configured yet.',
      ),
  })
  .superRefine((config, ctx) => {
    const { enabled, cert_file, key_file } = config.tls;
    if (enabled && (cert_file === undefined || key_file === undefined)) {
      ctx.issues.push({
        code: 'custom',
        input: config.tls,
        path: ['tls', cert_file === undefined ? 'cert_file' : 'key_file'],
        message: 'TLS needs cert_file and key_file',
      });
    }
  })
  .describe(
    'Cisco model-driven telemetry dial-out: a gRPC server routers stream self-describing (kvGPB) telemetry to.',
  );

export type MdtConfig = z.output<typeof mdtConfigSchema>;
