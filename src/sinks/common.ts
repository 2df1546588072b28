import { z } from 'zod';
import { duration } from '../config/units';

/** Batching and buffering settings every sink shares (the buffered sink owns them). */
export const bufferShape = {
  /** What this sink stores. */
  data: z
    .array(z.enum(['samples', 'scores']))
    .min(1)
    .default(['samples', 'scores']),
  batch_size: z.number().int().min(1).max(1_000_000).default(5000),
  flush_interval: duration().default(1_000),
  /** Records held in memory at most; beyond it the overflow policy applies and drops are counted. */
  buffer_size: z.number().int().min(1).default(100_000),
  overflow: z.enum(['drop_oldest', 'drop_newest']).default('drop_oldest'),
  retry: z
    .strictObject({ initial: duration().default(500), max: duration().default(30_000) })
    .default({ initial: 500, max: 30_000 }),
};

export type BufferConfig = z.output<z.ZodObject<typeof bufferShape>>;
