import type { Detector } from '../core/contracts';
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
    case 'zscore':
      return new ZScoreDetector(config, slabs);
    default:
      return unknownType(config.type);
  }
}

/** Fails to compile when a detector type in DetectorConfig has no case above. */
function unknownType(type: never): never {
  throw new Error(`unknown detector type ${JSON.stringify(type)}`);
}
