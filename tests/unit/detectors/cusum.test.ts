import { cusumConfigSchema } from '../../../src/detectors/cusum/config';
import { CusumDetector } from '../../../src/detectors/cusum/detector';
import { expectIgnoresUnusable, feed, scores } from './support';

const make = () =>
  new CusumDetector(
    cusumConfigSchema.parse({ type: 'cusum', drift: 0, limit: 3, alpha: 1e-6, min_points: 4 }),
  );

describe('CusumDetector', () => {
  it('adds up a sustained shift, declares the change point once and takes the new level as normal', () => {
    // Reference 1 -1 1 -1: mean 0, variance 1. Then 2 (z 2: S+ 2 → 0.6; mean 0.4, variance 1.44),
    // 2 (z 4/3: S+ 10/3 → capped 1, restart at 2), 2 (z 0).
    const results = feed(make(), [1, -1, 1, -1, 2, 2, 2]);
    expect(scores(results.slice(0, 4))).toEqual([0, 0, 0, 0]);
    expect(results[4]!.score).toBeCloseTo(0.6, 12);
    expect(results[4]).toMatchObject({ expected: 0, lower: -3, upper: 3 });
    expect(results[5]!.score).toBe(1);
    expect(results[6]!.score).toBe(0);
    expect(results[6]!.expected).toBe(2);
  });

  it('lets noise cancel out', () => {
    expect(Math.max(...scores(feed(make(), [1, -1, 1, -1, 1, -1, 1, -1, 1, -1])))).toBeLessThan(0.5);
  });

  it('ignores NaN, ±Infinity and points older than the newest', () => {
    expectIgnoresUnusable(() => make(), [1, -1, 1, -1, 0.5]);
  });
});
