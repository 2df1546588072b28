import { z } from 'zod';
import { gnmiConfigSchema } from './gnmi/config';
import { mdtConfigSchema } from './mdt/config';
import { syntheticConfigSchema } from './synthetic/config';

/** Every collector type's config; each folder adds its schema here. */
export const collectorConfigSchema = z.discriminatedUnion('type', [
  syntheticConfigSchema,
  gnmiConfigSchema,
  mdtConfigSchema,
]);
export type CollectorConfig = z.output<typeof collectorConfigSchema>;
