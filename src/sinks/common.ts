import { z } from 'zod';
import { duration } from '../config/units';

const DEFAULT_RETRY = { initial: 500, max: 30_000 };

/** Batching and buffering settings every sink shares (the buffered sink owns them). */
export const bufferShape = {
  data: z
    .array(z.enum(['samples', 'scores']))
    .min(1)
    .default(['samples', 'scores'])
    .describe('What this sink stores: raw samples, detector scores, or both.'),
  batch_size: z.number().int().min(1).max(1_000_000).default(5000).describe('Records per write.'),
  flush_interval: duration().default(1_000).describe('A partial batch is written after this long.'),
  buffer_size: z
    .number()
    .int()
    .min(1)
    .default(100_000)
    .describe('Records held in memory at most; beyond it the overflow policy applies and drops are counted.'),
  overflow: z
    .enum(['drop_oldest', 'drop_newest'])
    .default('drop_oldest')
    .describe('Which records a full buffer gives up.'),
  retry: z
    .strictObject({
      initial: duration()
        .default(DEFAULT_RETRY.initial)
        .describe('Delay before the first retry of a failed write.'),
      max: duration().default(DEFAULT_RETRY.max).describe('Largest delay between retries.'),
    })
    .default(DEFAULT_RETRY)
    .describe('Failed writes are retried with capped exponential backoff, in order.'),
};

export type BufferConfig = z.output<z.ZodObject<typeof bufferShape>>;
