import { z } from 'zod';
import { duration, size } from '../config/units';

const DEFAULT_RETRY = { initial: 500, max: 30_000 };

/** Batching and buffering settings every sink shares (the buffered sink owns them). */
export const bufferShape = {
  data: z
    .array(z.enum(['samples', 'scores', 'events']))
    .min(1)
    .default(['samples', 'scores', 'events'])
    .describe('What this sink stores: raw samples, detector scores, events (anomaly start and end).'),
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
  max_in_flight: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe(
      'Batches written at the same time at most; with more than 1, batches may reach the server out of order (each point carries its own timestamp).',
    ),
  retry: z
    .strictObject({
      initial: duration()
        .default(DEFAULT_RETRY.initial)
        .describe('Delay before the first retry of a failed write.'),
      max: duration().default(DEFAULT_RETRY.max).describe('Largest delay between retries.'),
    })
    .default(DEFAULT_RETRY)
    .describe('Failed writes are retried with capped exponential backoff, in order.'),
  spool: z
    .strictObject({
      dir: z.string().min(1).describe("Directory of this sink's spool (one per sink); created at start."),
      max_size: size()
        .default(1024 ** 3)
        .describe('Bytes the spool may hold; beyond it new batches are dropped, counted and logged.'),
      segment_size: size()
        .default(16 * 1024 ** 2)
        .describe('Size of one segment file; full segments are synced to disk.'),
    })
    .optional()
    .describe(
      'Disk spool: while the target fails, batches go to disk and are written back in order when it is back, also after a restart. Without it, a failing target is retried from memory only.',
    ),
};

export type BufferConfig = z.output<z.ZodObject<typeof bufferShape>>;
