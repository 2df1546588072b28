import type { DetectorResult } from '../../../src/core/score';
import { Float64Slabs } from '../../../src/detectors/float64-slabs';
import type { ZScoreConfig } from '../../../src/detectors/zscore/config';
import { ZScoreDetector } from '../../../src/detectors/zscore/detector';
import { point, sigmaScore } from './support';

function config(overrides: Partial<ZScoreConfig> = {}): ZScoreConfig {
  return { type: 'zscore', window: 8, min_points: 8, sigma: 2, ...overrides };
}

/** Feeds values at times 1, 2, 3...; returns the results. */
function feed(detector: ZScoreDetector, values: readonly number[], firstTime = 1): DetectorResult[] {
  return values.map((value, i) => detector.update(point(value, firstTime + i)));
}

/** History with mean 5 and population standard deviation 2. */
const HISTORY = [2, 4, 4, 4, 5, 5, 7, 9];

describe('ZScoreDetector', () => {
  describe('scores a point against the window before it', () => {
    // sigma 2, mean 5, std 2: the band is 5 ∓ 4; z = sigma (value 9 or 1) scores 0.9
    it.each([
      { value: 5, score: 0 },
      { value: 9, score: 0.9 },
      { value: 1, score: 0.9 },
      { value: 6, score: sigmaScore(0.5, 2) },
      { value: 7, score: sigmaScore(1, 2) },
      { value: 8, score: sigmaScore(1.5, 2) },
      { value: 8.6, score: sigmaScore(1.8, 2) },
      { value: 13, score: 1 },
      { value: 1e6, score: 1 },
    ])('value $value scores $score', ({ value, score }) => {
      const detector = new ZScoreDetector(config());
      feed(detector, HISTORY);
      const result = detector.update(point(value, 100));
      expect(result.score).toBeCloseTo(score, 12);
      expect(result).toMatchObject({ expected: 5, lower: 1, upper: 9 });
    });
  });

  it('adds the point after scoring it, and forgets the oldest', () => {
    const detector = new ZScoreDetector(config());
    feed(detector, HISTORY);
    detector.update(point(9, 9));
    // The window is now 4 4 4 5 5 7 9 9: mean 5.875, variance 4.109375.
    const std = Math.sqrt(4.109375);
    const result = detector.update(point(5.875, 10));
    expect(result.score).toBe(0);
    expect(result.expected).toBeCloseTo(5.875, 12);
    expect(result.lower).toBeCloseTo(5.875 - 2 * std, 12);
    expect(result.upper).toBeCloseTo(5.875 + 2 * std, 12);
  });

  it('gives score 0 and no band until min_points points were seen', () => {
    const detector = new ZScoreDetector(config({ window: 5, min_points: 3 }));
    expect(feed(detector, [1, 2, 3])).toEqual([{ score: 0 }, { score: 0 }, { score: 0 }]);
    expect(detector.update(point(100, 10)).score).toBeGreaterThan(0.99);
  });

  it('waits for min_points even when it is larger than the window', () => {
    const detector = new ZScoreDetector(config({ window: 2, min_points: 4 }));
    expect(feed(detector, [1, 3, 1, 3]).map((r) => r.score)).toEqual([0, 0, 0, 0]);
    // The window holds the last two points, 1 and 3: mean 2, std 1.
    const result = detector.update(point(4, 10));
    expect(result).toMatchObject({ expected: 2, lower: 0, upper: 4 });
    expect(result.score).toBe(0.9);
  });

  describe('flat history (std 0)', () => {
    it.each([
      { history: [7, 7, 7, 7], value: 7, score: 0 },
      { history: [7, 7, 7, 7], value: 7.0001, score: 1 },
      { history: [1, 2, 3, 5, 5, 5], value: 5, score: 0 },
      { history: [0.1, 0.2, 0.3, 0.1, 0.1, 0.1], value: 0.1, score: 0 },
    ])('$history then $value scores $score', ({ history, value, score }) => {
      const detector = new ZScoreDetector(config({ window: 3, min_points: 3 }));
      feed(detector, history);
      const last = history[history.length - 1]!;
      expect(detector.update(point(value, 100))).toEqual({ score, expected: last, lower: last, upper: last });
    });

    it('is not flat while an older different value is still in the window', () => {
      const detector = new ZScoreDetector(config({ window: 3, min_points: 3 }));
      feed(detector, [5, 5, 1, 5, 5]);
      const result = detector.update(point(5, 100));
      // Window 1 5 5: mean 11/3, std 1.886; z = 0.707.
      expect(result.score).toBeCloseTo(sigmaScore((5 - 11 / 3) / Math.sqrt(32 / 9), 2), 12);
    });
  });

  describe('values it cannot use leave the state as it was', () => {
    it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('%p scores 0', (bad) => {
      const detector = new ZScoreDetector(config());
      const twin = new ZScoreDetector(config());
      feed(detector, HISTORY);
      feed(twin, HISTORY);
      expect(detector.update(point(bad, 20))).toEqual({ score: 0 });
      expect(detector.update(point(9, 21))).toEqual(twin.update(point(9, 21)));
    });

    it('scores a point older than the newest one 0 and does not add it', () => {
      const detector = new ZScoreDetector(config());
      const twin = new ZScoreDetector(config());
      feed(detector, HISTORY, 100);
      feed(twin, HISTORY, 100);
      expect(detector.update(point(1000, 50))).toEqual({ score: 0 });
      expect(detector.update(point(9, 200))).toEqual(twin.update(point(9, 200)));
    });

    it('accepts a point with the same time as the newest one', () => {
      const detector = new ZScoreDetector(config());
      feed(detector, HISTORY);
      expect(detector.update(point(9, 8)).score).toBe(0.9);
    });
  });

  it('stays exact over a million updates around 1e9 with small noise', () => {
    const window = 60;
    const detector = new ZScoreDetector(config({ window, min_points: 20, sigma: 3 }));
    let seed = 42;
    const noise = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648 - 0.5;
    };
    const values: number[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const value = 1e9 + noise();
      values.push(value);
      detector.update(point(value, i));
    }
    const last = values.slice(-window);
    const mean = last.reduce((a, b) => a + b, 0) / window;
    const std = Math.sqrt(last.reduce((a, b) => a + (b - mean) ** 2, 0) / window);
    const result = detector.update(point(1e9, 1_000_000));
    expect(Math.abs(result.expected! - mean)).toBeLessThan(1e-6);
    expect(Math.abs((result.upper! - result.expected!) / 3 - std) / std).toBeLessThan(1e-6);
  });

  it('gives the same scores with its state in a shared slab', () => {
    const slabs = new Float64Slabs(2);
    const alone = new ZScoreDetector(config());
    const pooled = [1, 2, 3].map(() => new ZScoreDetector(config(), slabs));
    const values = [...HISTORY, 9, 1, 13, 5, 8];
    const expected = feed(alone, values);
    for (const detector of pooled) expect(feed(detector, values)).toEqual(expected);
  });

  it('behaves like a new detector when its slab block is reused', () => {
    const slabs = new Float64Slabs(2);
    const first = new ZScoreDetector(config(), slabs);
    feed(first, [100, 200, 300, 400, 500, 600, 700, 800, 900]);
    first.release();
    const reused = new ZScoreDetector(config(), slabs);
    expect(feed(reused, [...HISTORY, 9])).toEqual(feed(new ZScoreDetector(config()), [...HISTORY, 9]));
  });
});
