import type { Detector } from '../../core/contracts';
import type { Point } from '../../core/point';
import type { DetectorResult } from '../../core/score';
import { deviationScore } from '../calibration';
import { UNSCORED } from '../common';
import { allocateBlock, type Float64Slabs } from '../float64-slabs';
import { logTwoSidedTail } from '../tail';
import type { ZScoreConfig } from './config';

/*
 * Layout of the detector's block of doubles: the floating-point state, then
 * the ring. (A number field of an object would be a heap number of its own,
 * 16 B each.)
 */
/** Sums are kept relative to this value, near the mean. */
const REFERENCE = 0;
/** Σ(x - reference) over the ring. */
const SUM = 1;
/** Σ(x - reference)² over the ring. */
const SUM_OF_SQUARES = 2;
/** Time of the newest point added. */
const LAST_TIME = 3;
/** log of the two-sided normal tail at sigma: the alert level, computed once (see deviationScore). */
const ALERT_LOG_TAIL = 4;
/** Where the ring of values starts. */
const RING = 5;

/**
 * Rolling z-score over the last `window` points of one series.
 *
 * Each point is scored against the window as it was BEFORE the point, then
 * added: a spike is judged by history, not by itself. z = |x - mean| / std
 * (population standard deviation of the window) is mapped through the
 * two-sided normal tail so that z = sigma scores 0.9, the default threshold,
 * like ewma and mad (see calibration.ts): with sigma 3, z = 1 scores 0.17,
 * z = 2 0.47, z = 3 0.9, and the score reaches 1 at z = 3.19. The band is
 * mean ∓ sigma * std.
 *
 * Rules the caller can rely on:
 * - the first `min_points` points score 0 (they build the history);
 * - a flat history (std 0) scores 0 for the same value and 1 for any other;
 * - NaN or ±Infinity scores 0 and leaves the state as it was;
 * - a point older than the newest one seen (time going back) scores 0 and is
 *   not added, so a late duplicate cannot distort the window; equal
 *   timestamps are accepted.
 *
 * Sums are kept relative to a reference value near the mean, so that series
 * with a large offset and small noise (a counter rate around 1e9) keep their
 * precision; every `window` updates they are recomputed exactly from the
 * ring, so that rounding errors of the incremental updates cannot pile up.
 */
export class ZScoreDetector implements Detector {
  /** The block of doubles (see the layout above) is chunk[base] to chunk[base + RING + window - 1]. */
  private readonly chunk: Float64Array;
  private readonly base: number;
  /** Points in the ring, at most `window`. */
  private size = 0;
  /** Ring position the next point goes to. */
  private next = 0;
  /** Points seen so far, counted up to min_points only. */
  private seen = 0;
  /** How many of the newest points equal the newest one: the window is flat when that is all of them. */
  private run = 0;
  private updatesSinceRecompute = 0;

  /** With `slabs`, the state lives in a shared chunk (see Float64Slabs); otherwise in an array of its own. */
  constructor(
    private readonly config: ZScoreConfig,
    private readonly slabs?: Float64Slabs,
  ) {
    const block = allocateBlock(RING + config.window, slabs);
    this.chunk = block.chunk;
    this.base = block.base;
    this.chunk[this.base + LAST_TIME] = Number.NEGATIVE_INFINITY;
    this.chunk[this.base + ALERT_LOG_TAIL] = logTwoSidedTail(config.sigma);
  }

  update(point: Point): DetectorResult {
    const { value, time } = point;
    if (!Number.isFinite(value) || time < this.chunk[this.base + LAST_TIME]!) return UNSCORED;
    const result = this.seen >= this.config.min_points ? this.score(value) : UNSCORED;
    this.add(value, time);
    return result;
  }

  release(): void {
    this.slabs?.release(RING + this.config.window, { chunk: this.chunk, base: this.base });
  }

  private score(value: number): DetectorResult {
    const { chunk, base } = this;
    const n = this.size;
    let mean: number;
    let std: number;
    if (this.run >= n) {
      mean = this.newest();
      std = 0;
    } else {
      const offset = chunk[base + SUM]! / n;
      mean = chunk[base + REFERENCE]! + offset;
      std = Math.sqrt(Math.max(0, chunk[base + SUM_OF_SQUARES]! / n - offset * offset));
    }
    const halfBand = this.config.sigma * std;
    const deviation = Math.abs(value - mean);
    const score = deviationScore(deviation, std, chunk[base + ALERT_LOG_TAIL]!);
    return { score, expected: mean, lower: mean - halfBand, upper: mean + halfBand };
  }

  private add(value: number, time: number): void {
    const { chunk, base } = this;
    const window = this.config.window;
    if (this.size === 0) chunk[base + REFERENCE] = value;
    this.run = this.size > 0 && value === this.newest() ? Math.min(this.run + 1, window) : 1;
    const reference = chunk[base + REFERENCE]!;
    const slot = base + RING + this.next;
    if (this.size === window) {
      const old = chunk[slot]! - reference;
      chunk[base + SUM]! -= old;
      chunk[base + SUM_OF_SQUARES]! -= old * old;
    } else {
      this.size++;
    }
    chunk[slot] = value;
    this.next = this.next + 1 === window ? 0 : this.next + 1;
    const delta = value - reference;
    chunk[base + SUM]! += delta;
    chunk[base + SUM_OF_SQUARES]! += delta * delta;
    chunk[base + LAST_TIME] = time;
    if (this.seen < this.config.min_points) this.seen++;
    if (++this.updatesSinceRecompute >= window) this.recompute();
  }

  private newest(): number {
    return this.chunk[this.base + RING + (this.next === 0 ? this.config.window : this.next) - 1]!;
  }

  /** Exact sums from the ring, in two passes, with the mean as the new reference. */
  private recompute(): void {
    const { chunk, base } = this;
    const start = base + RING;
    const end = start + this.size;
    let total = 0;
    for (let i = start; i < end; i++) total += chunk[i]!;
    const reference = total / this.size;
    let sum = 0;
    let sumOfSquares = 0;
    for (let i = start; i < end; i++) {
      const delta = chunk[i]! - reference;
      sum += delta;
      sumOfSquares += delta * delta;
    }
    chunk[base + REFERENCE] = reference;
    chunk[base + SUM] = sum;
    chunk[base + SUM_OF_SQUARES] = sumOfSquares;
    this.updatesSinceRecompute = 0;
  }
}
