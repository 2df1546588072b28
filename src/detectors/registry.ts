import type { Detector } from '../core/contracts';
import { AutoDetector } from './auto/detector';
import type { DetectorConfig } from './config';
import { CusumDetector } from './cusum/detector';
import { EwmaDetector } from './ewma/detector';
import { FlatlineDetector } from './flatline/detector';
import type { Float64Slabs } from './float64-slabs';
import { MadDetector } from './mad/detector';
import { MissingDetector } from './missing/detector';
import { RateOfChangeDetector } from './rate-of-change/detector';
import { SeasonalDetector } from './seasonal/detector';
import { ThresholdDetector } from './threshold/detector';
import { ZScoreDetector } from './zscore/detector';

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
    case 'threshold':
      return new ThresholdDetector(config);
    case 'ewma':
      return new EwmaDetector(config);
    case 'mad':
      return new MadDetector(config, slabs);
    case 'seasonal':
      return new SeasonalDetector(config, slabs);
    case 'rate_of_change':
      return new RateOfChangeDetector(config);
    case 'flatline':
      return new FlatlineDetector(config);
    case 'missing':
      return new MissingDetector(config);
    case 'cusum':
      return new CusumDetector(config);
    default:
      return unknownType(config);
  }
}

/** Fails to compile when a detector type in DetectorConfig has no case above. */
function unknownType(config: never): never {
  throw new Error(`unknown detector type ${JSON.stringify((config as { type: unknown }).type)}`);
}
