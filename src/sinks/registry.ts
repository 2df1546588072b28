import type { Sink } from '../core';
import { componentLogger, type Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { StatusBoard } from '../observability/status';
import { BufferedSink } from './buffered';
import type { SinkConfig } from './config';
import { FileTarget } from './file/target';
import { InfluxTarget } from './influxdb/target';

export interface SinkDeps {
  logger: Logger;
  metrics: Metrics;
  status: StatusBoard;
}

/** Builds a sink from its validated config, without I/O: the target of its type inside a BufferedSink. */
export function createSink(name: string, config: SinkConfig, deps: SinkDeps): Sink {
  const logger = componentLogger(deps.logger, 'sink', name);
  switch (config.type) {
    case 'file':
      return new BufferedSink(new FileTarget(name, config, logger), config, { ...deps, logger });
    case 'influxdb':
      return new BufferedSink(new InfluxTarget(name, config, logger), config, { ...deps, logger });
    default: {
      const unsupported: never = config;
      throw new Error(`unsupported sink type "${(unsupported as SinkConfig).type}"`);
    }
  }
}
