import { z } from 'zod';
import { fileSinkConfigSchema } from './file/config';

/** Every sink type's config; each folder adds its schema here. */
export const sinkConfigSchema = z.discriminatedUnion('type', [fileSinkConfigSchema]);
export type SinkConfig = z.output<typeof sinkConfigSchema>;
