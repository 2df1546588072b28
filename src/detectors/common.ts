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
