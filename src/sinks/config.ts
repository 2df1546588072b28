import { z } from 'zod';
import { fileSinkConfigSchema } from './file/config';
import { influxSinkConfigSchema } from './influxdb/config';

/** Every sink type's config; each folder adds its schema here. */
export const sinkConfigSchema = z.discriminatedUnion('type', [fileSinkConfigSchema, influxSinkConfigSchema]);
export type SinkConfig = z.output<typeof sinkConfigSchema>;
