import type { Detector } from '../core/contracts';
import type { Point } from '../core/point';
import type { DetectorResult } from '../core/score';

/** What a point gets while a detector cannot judge it (warm-up, NaN, ±Infinity, time going back). */
export const UNSCORED: DetectorResult = Object.freeze({ score: 0 });

/**
 * Whether a detector learns from a point: its value is finite and its time is
 * not older than the newest time seen (equal times are accepted). Every
 * detector scores other points 0 and leaves its state as it was, so a late
 * duplicate or a gap marker cannot distort it.
 */
export function isUsable(value: number, time: number, newestTime: number): boolean {
  return Number.isFinite(value) && time >= newestTime;
}

/** A detector that sees only usable points (see isUsable); the others score 0 here. */
export abstract class UsablePointsDetector implements Detector {
  private newestTime = Number.NEGATIVE_INFINITY;

  update(point: Point): DetectorResult {
    const { value, time } = point;
    if (!isUsable(value, time, this.newestTime)) return UNSCORED;
    const previousTime = this.newestTime;
    this.newestTime = time;
    return this.scoreAndLearn(value, time, previousTime);
  }

  /** Scores a usable point, then learns it; `previousTime` is the newest time before it (-∞ at first). */
  protected abstract scoreAndLearn(value: number, time: number, previousTime: number): DetectorResult;
}

/**
 * The exponentially weighted variance after a point that deviates by
 * `deviation` from the mean before it, with `weight` for the newest point
 * (West's incremental form; with weight 1/n it is the plain population
 * variance of the first n points).
 */
export function nextVariance(variance: number, weight: number, deviation: number): number {
  return (1 - weight) * (variance + weight * deviation * deviation);
}
