import { z } from 'zod';
import { gnmiConfigSchema } from './gnmi/config';
import { mdtConfigSchema } from './mdt/config';
import { modbusConfigSchema } from './modbus/config';
import { snmpConfigSchema } from './snmp/config';
import { snmpTrapConfigSchema } from './snmp_trap/config';
import { syntheticConfigSchema } from './synthetic/config';

/** Every collector type's config; each folder adds its schema here. */
export const collectorConfigSchema = z.discriminatedUnion('type', [
  syntheticConfigSchema,
  modbusConfigSchema,
  snmpConfigSchema,
  snmpTrapConfigSchema,
  gnmiConfigSchema,
  mdtConfigSchema,
]);
export type CollectorConfig = z.output<typeof collectorConfigSchema>;
