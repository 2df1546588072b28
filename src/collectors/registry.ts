import type { Collector } from '../core';
import { componentLogger, type Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { StatusBoard } from '../observability/status';
import type { CollectorConfig } from './config';
import { GnmiCollector } from './gnmi/collector';
import { MdtCollector } from './mdt/collector';
import { ModbusCollector } from './modbus/collector';
import { SnmpCollector } from './snmp/collector';
import { SnmpTrapCollector } from './snmp_trap/collector';
import { SyntheticCollector } from './synthetic/collector';

export interface CollectorDeps {
  logger: Logger;
  metrics: Metrics;
  status: StatusBoard;
  /** Wall clock, epoch ms; Date.now by default. */
  now?: () => number;
}

/**
 * Builds a collector from its validated config, without I/O. Throws when the
 * config is inconsistent in a way the schema cannot see (the message starts
 * with the key path under the collector).
 */
export function createCollector(name: string, config: CollectorConfig, deps: CollectorDeps): Collector {
  const own = { ...deps, logger: componentLogger(deps.logger, 'collector', name) };
  switch (config.type) {
    case 'synthetic':
      return new SyntheticCollector(name, config, own);
    case 'modbus':
      return new ModbusCollector(name, config, own);
    case 'snmp':
      return new SnmpCollector(name, config, own);
    case 'snmp_trap':
      return new SnmpTrapCollector(name, config, own);
    case 'gnmi':
      return new GnmiCollector(name, config, own);
    case 'mdt':
      return new MdtCollector(name, config, own);
    default: {
      const unsupported: never = config;
      throw new Error(`unsupported collector type "${(unsupported as { type: string }).type}"`);
    }
  }
}
