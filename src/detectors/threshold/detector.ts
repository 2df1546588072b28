import type { DetectorResult } from '../../core/score';
import { UsablePointsDetector } from '../common';
import type { ThresholdConfig } from './config';

/**
 * Static limits with hysteresis. A value above `upper` or below `lower`
 * enters the alarm state (score 1); the state ends when a value is back
 * within [lower + hysteresis, upper - hysteresis] (score 0 from that value
 * on). So a value hovering around a limit gives one alarm, not a flapping
 * one. No warm-up; NaN, ±Infinity and points older than the newest score 0
 * and do not change the state. The band is [lower, upper].
 */
export class ThresholdDetector extends UsablePointsDetector {
  private alarm = false;
  private readonly band: { lower?: number; upper?: number };

  constructor(private readonly config: ThresholdConfig) {
    super();
    this.band = {
      ...(config.lower === undefined ? {} : { lower: config.lower }),
      ...(config.upper === undefined ? {} : { upper: config.upper }),
    };
  }

  protected scoreAndLearn(value: number): DetectorResult {
    const { upper, lower, hysteresis } = this.config;
    if (this.alarm) {
      const inside =
        (upper === undefined || value <= upper - hysteresis) &&
        (lower === undefined || value >= lower + hysteresis);
      if (inside) this.alarm = false;
    } else {
      this.alarm = (upper !== undefined && value > upper) || (lower !== undefined && value < lower);
    }
    return { score: this.alarm ? 1 : 0, ...this.band };
  }
}
