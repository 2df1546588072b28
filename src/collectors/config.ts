import { z } from 'zod';
import { syntheticConfigSchema } from './synthetic/config';

/** Every collector type's config; each folder adds its schema here. */
export const collectorConfigSchema = z.discriminatedUnion('type', [syntheticConfigSchema]);
export type CollectorConfig = z.output<typeof collectorConfigSchema>;
