import { Float64Slabs } from '../../../src/detectors/float64-slabs';
import { madConfigSchema } from '../../../src/detectors/mad/config';
import { MadDetector } from '../../../src/detectors/mad/detector';
import { medianInPlace } from '../../../src/detectors/mad/select';
import { expectIgnoresUnusable, feed, random, scores } from './support';

const settings = (extra: object = {}) =>
  madConfigSchema.parse({ type: 'mad', window: 5, min_points: 5, sigma: 3.5, ...extra });

describe('medianInPlace', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[5, 5, 5, 1], 5],
    [[7], 7],
  ])('median of %p is %p', (values, median) => {
    expect(medianInPlace(Float64Array.from(values), 0, values.length)).toBe(median);
  });

  it('agrees with sorting on random data', () => {
    const next = random(7);
    for (let n = 1; n < 40; n++) {
      const values = Array.from({ length: n }, () => Math.floor(next() * 10));
      const sorted = [...values].sort((a, b) => a - b);
      const expected = n % 2 ? sorted[n >> 1]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
      expect(medianInPlace(Float64Array.from(values), 0, n)).toBe(expected);
    }
  });
});

describe('MadDetector', () => {
  // Window 1 2 3 4 100: median 3, MAD 1, robust std 1.4826; the spike in it does not matter.
  const std = 1.4826;
  it.each([
    { value: 3, score: 0 },
    { value: 3 + 3.5 * std, score: 0.9 },
    { value: 3 - 3.5 * std, score: 0.9 },
  ])('scores $value as $score', ({ value, score }) => {
    const result = feed(new MadDetector(settings()), [1, 2, 3, 4, 100, value])[5]!;
    expect(result.score).toBeCloseTo(score, 9);
    expect(result.expected).toBe(3);
    expect(result.lower).toBeCloseTo(3 - 3.5 * std, 12);
    expect(result.upper).toBeCloseTo(3 + 3.5 * std, 12);
  });

  it('scores 0 during warm-up and forgets points that left the window', () => {
    const detector = new MadDetector(settings());
    expect(scores(feed(detector, [1, 2, 3, 4, 100]))).toEqual([0, 0, 0, 0, 0]);
    // Window now 2 3 4 100 7 → median 4, MAD 2.
    detector.update({ key: 'k', field: 'f', value: 7, time: 5000, sample: undefined as never });
    expect(
      detector.update({ key: 'k', field: 'f', value: 4, time: 6000, sample: undefined as never }),
    ).toMatchObject({
      score: 0,
      expected: 4,
    });
  });

  it('with more than half the window on one value scores that value 0 and any other 1', () => {
    expect(scores(feed(new MadDetector(settings()), [5, 5, 5, 1, 9, 5, 5.1]))).toEqual([0, 0, 0, 0, 0, 0, 1]);
  });

  it('ignores NaN, ±Infinity and points older than the newest', () => {
    expectIgnoresUnusable(() => new MadDetector(settings()), [1, 2, 3, 4, 100, 6]);
  });

  it('gives the same scores with its state in a shared slab, also after reuse', () => {
    const slabs = new Float64Slabs(2);
    const values = [1, 2, 3, 4, 100, 6, 2, 50, 3, 3];
    const expected = feed(new MadDetector(settings()), values);
    const first = new MadDetector(settings(), slabs);
    feed(first, [9, 9, 9, 9, 9, 9]);
    first.release();
    expect(feed(new MadDetector(settings(), slabs), values)).toEqual(expected);
  });
});
