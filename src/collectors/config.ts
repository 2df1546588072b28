import { z } from 'zod';
import { snmpConfigSchema } from './snmp/config';
import { snmpTrapConfigSchema } from './snmp_trap/config';
import { syntheticConfigSchema } from './synthetic/config';

/** Every collector type's config; each folder adds its schema here. */
export const collectorConfigSchema = z.discriminatedUnion('type', [
  syntheticConfigSchema,
  snmpConfigSchema,
  snmpTrapConfigSchema,
]);
export type CollectorConfig = z.output<typeof collectorConfigSchema>;
