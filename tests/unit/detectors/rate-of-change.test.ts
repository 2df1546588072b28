import { rateOfChangeConfigSchema } from '../../../src/detectors/rate-of-change/config';
import { RateOfChangeDetector } from '../../../src/detectors/rate-of-change/detector';
import { expectIgnoresUnusable, feedAt, scores } from './support';

const make = (extra: object = {}) =>
  new RateOfChangeDetector(
    rateOfChangeConfigSchema.parse({ type: 'rate_of_change', min_points: 2, ...extra }),
  );

describe('RateOfChangeDetector', () => {
  it('with max_rate, scores the change per second on a ramp: 0.9 at the limit', () => {
    const results = feedAt(make({ max_rate: 1 }), [
      [0, 0],
      [10_000, 5],
      [20_000, 15],
      [30_000, 10],
      [40_000, 100],
    ]);
    expect(scores(results)).toEqual([0, 0, 0.9, 0.45, 1]);
    expect(results[2]).toEqual({ score: 0.9, expected: 5, lower: -5, upper: 15 });
  });

  it('without max_rate, compares the rate with the rates before it', () => {
    // Rates 1 (learned: mean 1, std 0), 2 (std 0: scores 1; then mean 1.5, std 0.5), 2.5 (z = 2).
    const results = feedAt(make({ alpha: 0.5, sigma: 2 }), [
      [0, 0],
      [1000, 1],
      [2000, 3],
      [3000, 5.5],
    ]);
    expect(scores(results.slice(0, 3))).toEqual([0, 0, 1]);
    expect(results[3]!.score).toBeCloseTo(0.9, 12);
    expect(results[3]).toMatchObject({ expected: 4.5, lower: 3.5, upper: 5.5 });
  });

  it('scores a point at the same time as the previous one 0, measuring on from its value', () => {
    const results = feedAt(make({ max_rate: 1 }), [
      [0, 0],
      [1000, 0],
      [1000, 50],
      [2000, 51],
    ]);
    expect(scores(results)).toEqual([0, 0, 0, 0.9]);
  });

  it('ignores NaN, ±Infinity and points older than the newest', () => {
    expectIgnoresUnusable(() => make(), [0, 1, 3, 2, 5, 4]);
  });
});
