import type { DetectorResult } from '../../core/score';
import { ALERT_SCORE, rampScore } from '../calibration';
import { nextVariance, UNSCORED, UsablePointsDetector } from '../common';
import type { CusumConfig } from './config';

/**
 * Two-sided CUSUM change-point detector. With z = (x - mean) / std against
 * a slowly learned reference (exponentially weighted, `alpha`), it keeps
 * S+ = max(0, S+ + z - drift) and S- = max(0, S- - z - drift): small
 * deviations in one direction add up, noise cancels out. The score ramps
 * with max(S+, S-): 0.9 at `limit`, 1 beyond limit/0.9. When a sum reaches
 * `limit` a change point is declared: both sums restart at 0 and the
 * reference mean jumps to the value, so each shift is reported once and the
 * new level becomes normal. The band is mean ∓ (drift + limit)·std. The
 * first `min_points` points only build the reference (score 0); a flat
 * reference (std 0) scores 0 for its value and 1 for any other; NaN,
 * ±Infinity and points older than the newest score 0 and are not learned.
 */
export class CusumDetector extends UsablePointsDetector {
  private seen = 0;
  private mean = 0;
  private variance = 0;
  private high = 0;
  private low = 0;

  constructor(private readonly config: CusumConfig) {
    super();
  }

  protected scoreAndLearn(value: number): DetectorResult {
    const { drift, limit, min_points } = this.config;
    const mean = this.mean;
    const std = Math.sqrt(this.variance);
    let result = UNSCORED;
    if (this.seen >= min_points) {
      const reach = (drift + limit) * std;
      const band = { expected: mean, lower: mean - reach, upper: mean + reach };
      if (std === 0) {
        result = { score: value === mean ? 0 : 1, ...band };
      } else {
        const z = (value - mean) / std;
        this.high = Math.max(0, this.high + z - drift);
        this.low = Math.max(0, this.low - z - drift);
        result = { score: rampScore(Math.max(this.high, this.low), limit), ...band };
      }
      if (result.score >= ALERT_SCORE) this.restartAt(value);
    }
    this.learn(value);
    return result;
  }

  private restartAt(value: number): void {
    this.high = 0;
    this.low = 0;
    this.mean = value;
  }

  private learn(value: number): void {
    this.seen++;
    const weight = Math.max(this.config.alpha, 1 / this.seen);
    const deviation = value - this.mean;
    this.mean += weight * deviation;
    this.variance = nextVariance(this.variance, weight, deviation);
  }
}
