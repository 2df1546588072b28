import type { DetectorResult } from '../../core/score';
import { deviationScore } from '../calibration';
import { nextVariance, UNSCORED, UsablePointsDetector } from '../common';
import { logTwoSidedTail } from '../tail';
import type { EwmaConfig } from './config';

/**
 * EWMA control chart. Each point is scored against the exponentially
 * weighted mean and variance of the points before it, then learned:
 * mean += alpha·d, variance = (1 - alpha)·(variance + alpha·d²) with
 * d = value - mean. The score maps z = |d| / std through the two-sided normal
 * tail so that z = sigma scores 0.9 (see calibration.ts); the band is
 * mean ∓ sigma·std. A flat history (std 0) scores 0 for the same value and 1
 * for any other. The first `min_points` points score 0; NaN, ±Infinity and
 * points older than the newest score 0 and are not learned.
 */
export class EwmaDetector extends UsablePointsDetector {
  private seen = 0;
  private mean = 0;
  private variance = 0;

  constructor(private readonly config: EwmaConfig) {
    super();
  }

  protected scoreAndLearn(value: number): DetectorResult {
    const { alpha, sigma, min_points } = this.config;
    if (this.seen === 0) this.mean = value;
    const deviation = value - this.mean;
    let result = UNSCORED;
    if (this.seen >= min_points) {
      const std = Math.sqrt(this.variance);
      const halfBand = sigma * std;
      const score = deviationScore(deviation, std, logTwoSidedTail(sigma));
      result = { score, expected: this.mean, lower: this.mean - halfBand, upper: this.mean + halfBand };
    }
    this.mean += alpha * deviation;
    this.variance = nextVariance(this.variance, alpha, deviation);
    this.seen++;
    return result;
  }
}
