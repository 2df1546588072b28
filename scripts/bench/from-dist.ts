import { join } from 'node:path';

/*
 * The streaming collector benchmarks measure the compiled dist/ that
 * `noctua` runs (their npm scripts build first): the same code transpiled on
 * the fly by tsx runs about half as fast. Types come from src/.
 */
const DIST = join(__dirname, '..', '..', 'dist');

export const fromDist = <T>(module: string): T => require(join(DIST, module)) as T;

export const { compileRules } =
  fromDist<typeof import('../../src/alerting/rule-matcher')>('alerting/rule-matcher');
export const { detectionLimits } = fromDist<typeof import('../../src/app')>('app');
export const { createCollector } =
  fromDist<typeof import('../../src/collectors/registry')>('collectors/registry');
export const { parseConfigText } = fromDist<typeof import('../../src/config/load')>('config/load');
export const { detect } = fromDist<typeof import('../../src/pipeline/detect')>('pipeline/detect');
export const { normalize } = fromDist<typeof import('../../src/pipeline/normalize')>('pipeline/normalize');

const { createLogger } = fromDist<typeof import('../../src/observability/logger')>('observability/logger');
const { Metrics } = fromDist<typeof import('../../src/observability/metrics')>('observability/metrics');
const { StatusBoard } = fromDist<typeof import('../../src/observability/status')>('observability/status');

/** What a collector and the pipeline need, quiet: no logs, no process metrics. */
export function benchDeps() {
  return {
    logger: createLogger({ level: 'silent' }),
    metrics: new Metrics({ processMetrics: false }),
    status: new StatusBoard(),
  };
}
