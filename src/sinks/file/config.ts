import { z } from 'zod';
import { size } from '../../config/units';
import { bufferShape } from '../common';

export const fileSinkConfigSchema = z
  .strictObject({
    type: z.literal('file'),
    path: z
      .string()
      .min(1)
      .describe(
        'File written to; rotated files get a numeric suffix (noctua.lp.1 is the newest rotated one).',
      ),
    format: z
      .enum(['line_protocol', 'json_lines'])
      .default('line_protocol')
      .describe('InfluxDB line protocol, or one JSON object per line.'),
    rotate_size: size()
      .default(64 * 1024 * 1024)
      .describe('Rotate when the file would grow past this size; 0 disables rotation.'),
    keep_files: z.number().int().min(0).default(5).describe('Rotated files kept.'),
    ...bufferShape,
  })
  .describe('Appends records to a local file, rotating it by size.');

export type FileSinkConfig = z.output<typeof fileSinkConfigSchema>;
