import { ewmaConfigSchema } from '../../../src/detectors/ewma/config';
import { EwmaDetector } from '../../../src/detectors/ewma/detector';
import { expectIgnoresUnusable, feed, scores } from './support';

const make = (settings: object = {}) =>
  new EwmaDetector(
    ewmaConfigSchema.parse({ type: 'ewma', alpha: 0.5, sigma: 2, min_points: 2, ...settings }),
  );

describe('EwmaDetector', () => {
  // After 0 and 2 (alpha 0.5): mean 1, variance 0.5 × (0 + 0.5 × 4) = 1.
  it.each([
    { value: 3, score: 0.9 },
    { value: -1, score: 0.9 },
    { value: 1, score: 0 },
  ])('scores $value against mean 1 and std 1 as $score', ({ value, score }) => {
    const [, , result] = feed(make(), [0, 2, value]);
    expect(result!.score).toBeCloseTo(score, 12);
    expect(result).toMatchObject({ expected: 1, lower: -1, upper: 3 });
  });

  it('scores 0 with no band during warm-up', () => {
    expect(feed(make({ min_points: 3 }), [0, 2, 100])).toEqual([{ score: 0 }, { score: 0 }, { score: 0 }]);
  });

  it('on a flat history scores the same value 0 and any other 1', () => {
    expect(scores(feed(make(), [4, 4, 4, 4.5]))).toEqual([0, 0, 0, 1]);
  });

  it('ignores NaN, ±Infinity and points older than the newest', () => {
    expectIgnoresUnusable(() => make(), [0, 2, 1, 3]);
  });
});
