import type { DetectorResult } from '../../core/score';
import { rampScore } from '../calibration';
import { UsablePointsDetector } from '../common';
import type { FlatlineConfig } from './config';

/**
 * Flatline: a run is the points that stay within `tolerance` of the run's
 * first value. The score ramps with the run's duration (data time from its
 * first point): 0.9 at `min_duration`, 1 from min_duration/0.9 on. A value
 * outside the tolerance starts a new run and scores 0. The expected value
 * and the band are the run's first value ∓ tolerance. NaN, ±Infinity and
 * points older than the newest score 0 and neither extend nor break a run.
 */
export class FlatlineDetector extends UsablePointsDetector {
  private runValue = Number.NaN;
  private runStart = 0;

  constructor(private readonly config: FlatlineConfig) {
    super();
  }

  protected scoreAndLearn(value: number, time: number): DetectorResult {
    const { tolerance, min_duration } = this.config;
    if (!(Math.abs(value - this.runValue) <= tolerance)) {
      this.runValue = value;
      this.runStart = time;
    }
    const expected = this.runValue;
    return {
      score: rampScore(time - this.runStart, min_duration),
      expected,
      lower: expected - tolerance,
      upper: expected + tolerance,
    };
  }
}
