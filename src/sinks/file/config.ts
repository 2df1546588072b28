import { z } from 'zod';
import { size } from '../../config/units';
import { bufferShape } from '../common';

export const fileSinkConfigSchema = z.strictObject({
  type: z.literal('file'),
  /** File written to; rotated files get a numeric suffix (noctua.lp.1 is the newest rotated one). */
  path: z.string().min(1),
  format: z.enum(['line_protocol', 'json_lines']).default('line_protocol'),
  /** Rotate when the file would grow past this size; 0 disables rotation. */
  rotate_size: size().default(64 * 1024 * 1024),
  /** Rotated files kept. */
  keep_files: z.number().int().min(0).default(5),
  ...bufferShape,
});

export type FileSinkConfig = z.output<typeof fileSinkConfigSchema>;
