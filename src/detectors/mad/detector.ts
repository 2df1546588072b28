import type { DetectorResult } from '../../core/score';
import { deviationScore } from '../calibration';
import { UNSCORED, UsablePointsDetector } from '../common';
import { allocateBlock, type Float64Slabs } from '../float64-slabs';
import { logTwoSidedTail } from '../tail';
import type { MadConfig } from './config';
import { medianInPlace } from './select';

/** Scale of the MAD that estimates the standard deviation of normal data. */
const NORMAL_MAD = 1.4826;

/**
 * Robust z-score over a rolling window: z = |x - median| / (1.4826 × MAD),
 * where MAD is the median absolute deviation of the window before the point,
 * mapped so that z = sigma scores 0.9. Outliers in the window barely move
 * median or MAD, so a burst of spikes does not blind it. When more than half
 * of the window holds one value (MAD 0), that value scores 0 and any other 1.
 * The band is median ∓ sigma × 1.4826 × MAD. The first `min_points` points
 * score 0; NaN, ±Infinity and points older than the newest score 0 and are
 * not added. Each point costs O(window) (two quickselects over a scratch
 * copy kept next to the ring, no allocation).
 */
export class MadDetector extends UsablePointsDetector {
  private readonly chunk: Float64Array;
  private readonly base: number;
  private size = 0;
  private next = 0;
  private seen = 0;

  constructor(
    private readonly config: MadConfig,
    private readonly slabs?: Float64Slabs,
  ) {
    super();
    // The ring, then a scratch area of the same length.
    const length = 2 * config.window;
    const block = allocateBlock(length, slabs);
    this.chunk = block.chunk;
    this.base = block.base;
  }

  protected scoreAndLearn(value: number): DetectorResult {
    const result = this.seen >= this.config.min_points ? this.score(value) : UNSCORED;
    this.add(value);
    return result;
  }

  release(): void {
    this.slabs?.release(2 * this.config.window, { chunk: this.chunk, base: this.base });
  }

  private score(value: number): DetectorResult {
    const { chunk, base, size } = this;
    const scratch = base + this.config.window;
    chunk.copyWithin(scratch, base, base + size);
    const median = medianInPlace(chunk, scratch, scratch + size);
    for (let i = scratch; i < scratch + size; i++) chunk[i] = Math.abs(chunk[i]! - median);
    const std = NORMAL_MAD * medianInPlace(chunk, scratch, scratch + size);
    const deviation = value - median;
    const halfBand = this.config.sigma * std;
    const score = deviationScore(deviation, std, logTwoSidedTail(this.config.sigma));
    return { score, expected: median, lower: median - halfBand, upper: median + halfBand };
  }

  private add(value: number): void {
    const window = this.config.window;
    this.chunk[this.base + this.next] = value;
    this.next = this.next + 1 === window ? 0 : this.next + 1;
    if (this.size < window) this.size++;
    if (this.seen < this.config.min_points) this.seen++;
  }
}
