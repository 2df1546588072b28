import type { DetectorResult } from '../../core/score';
import { deviationScore, rampScore } from '../calibration';
import { nextVariance, UNSCORED, UsablePointsDetector } from '../common';
import { logTwoSidedTail } from '../tail';
import type { RateOfChangeConfig } from './config';

/**
 * Rate of change: r = (x - previous x) / (seconds between them). With
 * `max_rate`, |r| is scored on a ramp (0.9 at max_rate, 1 from max_rate/0.9
 * on). Without it, r is compared with the exponentially weighted mean and
 * variance of the earlier rates: z = |r - mean| / std scores 0.9 at sigma.
 * `expected` is the previous value plus the usual change over the elapsed
 * time; the band is where the rate limit would be reached. A point at the
 * same time as the previous one has no rate: it scores 0 and only replaces
 * the previous value. The first `min_points` points score 0; NaN, ±Infinity
 * and points older than the newest score 0 and are not learned.
 */
export class RateOfChangeDetector extends UsablePointsDetector {
  private seen = 0;
  private previous = 0;
  private rates = 0;
  private mean = 0;
  private variance = 0;

  constructor(private readonly config: RateOfChangeConfig) {
    super();
  }

  protected scoreAndLearn(value: number, time: number, previousTime: number): DetectorResult {
    const seconds = (time - previousTime) / 1000;
    const previous = this.previous;
    this.previous = value;
    this.seen++;
    if (this.seen === 1 || seconds === 0) return UNSCORED;
    const rate = (value - previous) / seconds;
    const result = this.seen > this.config.min_points ? this.score(rate, previous, seconds) : UNSCORED;
    this.learn(rate);
    return result;
  }

  private score(rate: number, previous: number, seconds: number): DetectorResult {
    const { max_rate, sigma } = this.config;
    if (max_rate !== undefined) {
      const reach = max_rate * seconds;
      return {
        score: rampScore(Math.abs(rate), max_rate),
        expected: previous,
        lower: previous - reach,
        upper: previous + reach,
      };
    }
    const std = Math.sqrt(this.variance);
    const deviation = rate - this.mean;
    const expected = previous + this.mean * seconds;
    const reach = sigma * std * seconds;
    const score = deviationScore(deviation, std, logTwoSidedTail(sigma));
    return { score, expected, lower: expected - reach, upper: expected + reach };
  }

  private learn(rate: number): void {
    if (this.config.max_rate !== undefined) return;
    this.rates++;
    const weight = Math.max(this.config.alpha, 1 / this.rates);
    const deviation = rate - this.mean;
    this.mean += weight * deviation;
    this.variance = nextVariance(this.variance, weight, deviation);
  }
}
