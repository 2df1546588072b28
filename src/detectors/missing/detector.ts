import type { Detector } from '../../core/contracts';
import type { Point } from '../../core/point';
import type { DetectorResult } from '../../core/score';
import { rampScore } from '../calibration';
import { UNSCORED } from '../common';
import type { MissingConfig } from './config';

/** Weight of the newest interval in the usual interval. */
const INTERVAL_ALPHA = 0.1;

/**
 * Missing data. The usual interval between points is learned (plain average
 * of the first intervals, then exponentially weighted); the alert gap is
 * `max_gap`, or `factor` × the usual interval. A silence of length g scores
 * on a ramp from the usual interval (0) to the alert gap (0.9), 1 beyond.
 *
 * - `update` scores the gap before a point, when the series comes back; the
 *   value itself plays no role (NaN counts as a report: the device answered).
 * - `silence(now)` scores the silence up to data time `now` while it lasts;
 *   the detect stage calls it in its sweep with the data time of the other
 *   series, so a series that stops reporting is scored without any timer.
 *
 * The first `min_points` points score 0; a point older than the newest
 * scores 0 and is not learned; a point at the same time is a duplicate: it
 * scores 0 and does not count as an interval. `expected` is the usual
 * interval in milliseconds, the band [0, alert gap].
 */
export class MissingDetector implements Detector {
  private seen = 0;
  private newestTime = Number.NEGATIVE_INFINITY;
  private usualInterval = 0;

  constructor(private readonly config: MissingConfig) {}

  update(point: Point): DetectorResult {
    const { time } = point;
    if (!(time > this.newestTime)) return UNSCORED;
    const gap = time - this.newestTime;
    const result = this.seen > this.config.min_points ? this.gapResult(gap) : UNSCORED;
    if (this.seen > 0) {
      const weight = Math.max(INTERVAL_ALPHA, 1 / this.seen);
      this.usualInterval += weight * (gap - this.usualInterval);
    }
    this.newestTime = time;
    this.seen++;
    return result;
  }

  /** The score of the silence from the newest point up to `now`; undefined while it is not overdue. */
  silence(now: number): DetectorResult | undefined {
    if (this.seen <= this.config.min_points) return undefined;
    const gap = now - this.newestTime;
    if (!(gap > this.usualInterval)) return undefined;
    return this.gapResult(gap);
  }

  private gapResult(gap: number): DetectorResult {
    const usual = this.usualInterval;
    const alertGap = Math.max(this.config.max_gap ?? this.config.factor * usual, usual);
    const score = alertGap > usual ? rampScore(gap - usual, alertGap - usual) : gap > usual ? 1 : 0;
    return { score, expected: usual, lower: 0, upper: alertGap };
  }
}
