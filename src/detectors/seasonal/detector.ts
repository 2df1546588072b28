import type { DetectorResult } from '../../core/score';
import { deviationScore } from '../calibration';
import { nextVariance, UNSCORED, UsablePointsDetector } from '../common';
import { allocateBlock, type Float64Slabs } from '../float64-slabs';
import { logTwoSidedTail } from '../tail';
import { periodMs, type SeasonalConfig } from './config';

/* Per slot, three doubles: points learned, mean, variance. */
const COUNT = 0;
const MEAN = 1;
const VARIANCE = 2;
const STRIDE = 3;

/**
 * Seasonal baseline: the period (a day or a week, UTC, epoch-aligned so a
 * week starts on Thursday 00:00 UTC) is cut into slots of `bin`; each slot
 * keeps an exponentially weighted mean and variance of the points that fell
 * in it (plain averages for its first 1/alpha points). A point is scored
 * against its slot before being learned: z = |x - mean| / std, mapped so
 * that z = sigma scores 0.9; the band is mean ∓ sigma·std. A slot that has
 * learned fewer than `min_points_per_bin` points scores 0, so the first
 * cycle (or two) is warm-up. A slot with std 0 scores 0 for its value and 1
 * for any other. NaN, ±Infinity and points older than the newest score 0 and
 * are not learned.
 */
export class SeasonalDetector extends UsablePointsDetector {
  private readonly chunk: Float64Array;
  private readonly base: number;
  private readonly slots: number;
  private readonly period: number;

  constructor(
    private readonly config: SeasonalConfig,
    private readonly slabs?: Float64Slabs,
  ) {
    super();
    this.period = periodMs(config);
    this.slots = this.period / config.bin;
    const block = allocateBlock(this.slots * STRIDE, slabs);
    this.chunk = block.chunk;
    this.base = block.base;
  }

  protected scoreAndLearn(value: number, time: number): DetectorResult {
    const { chunk, config } = this;
    const phase = ((time % this.period) + this.period) % this.period;
    const slot = this.base + Math.floor(phase / config.bin) * STRIDE;
    const count = chunk[slot + COUNT]!;
    const mean = chunk[slot + MEAN]!;
    const variance = chunk[slot + VARIANCE]!;
    const deviation = count === 0 ? 0 : value - mean;
    let result = UNSCORED;
    if (count >= config.min_points_per_bin) {
      const std = Math.sqrt(variance);
      const halfBand = config.sigma * std;
      const score = deviationScore(deviation, std, logTwoSidedTail(config.sigma));
      result = { score, expected: mean, lower: mean - halfBand, upper: mean + halfBand };
    }
    const weight = Math.max(config.alpha, 1 / (count + 1));
    chunk[slot + COUNT] = count + 1;
    chunk[slot + MEAN] = count === 0 ? value : mean + weight * deviation;
    chunk[slot + VARIANCE] = nextVariance(variance, weight, deviation);
    return result;
  }

  release(): void {
    this.slabs?.release(this.slots * STRIDE, { chunk: this.chunk, base: this.base });
  }
}
