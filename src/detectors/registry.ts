import type { Detector } from '../core/contracts';
import { AutoDetector } from './auto/detector';
import type { DetectorConfig } from './config';
import type { Float64Slabs } from './float64-slabs';
import { ZScoreDetector } from './zscore';

/**
 * A fresh detector for one series. Each detector type adds its case here.
 * With `slabs`, detectors keep their state in shared chunks (many series);
 * the caller then calls `release()` when a series goes.
 */
export function createDetector(config: DetectorConfig, slabs?: Float64Slabs): Detector {
  switch (config.type) {
    case 'auto':
      return new AutoDetector(config, slabs);
    case 'zscore':
      return new ZScoreDetector(config, slabs);
    default:
      return unknownType(config);
  }
}

/** Fails to compile when a detector type in DetectorConfig has no case above. */
function unknownType(config: never): never {
  throw new Error(`unknown detector type ${JSON.stringify((config as { type: unknown }).type)}`);
}
