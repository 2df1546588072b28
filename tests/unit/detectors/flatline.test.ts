import { flatlineConfigSchema } from '../../../src/detectors/flatline/config';
import { FlatlineDetector } from '../../../src/detectors/flatline/detector';
import { expectIgnoresUnusable, feedAt } from './support';

const make = () =>
  new FlatlineDetector(flatlineConfigSchema.parse({ type: 'flatline', min_duration: '10s', tolerance: 0.5 }));

describe('FlatlineDetector', () => {
  it('ramps with the time the value stays within the tolerance: 0.9 at min_duration', () => {
    const results = feedAt(make(), [
      [0, 1],
      [5000, 1.2],
      [10_000, 0.6],
      [20_000, 1.4],
      [21_000, 2],
      [22_000, 2],
    ]);
    expect(results.map((r) => r.score)).toEqual([0, 0.45, 0.9, 1, 0, 0.09]);
    expect(results[2]).toEqual({ score: 0.9, expected: 1, lower: 0.5, upper: 1.5 });
    expect(results[5]).toMatchObject({ expected: 2 });
  });

  it('ignores NaN, ±Infinity and points older than the newest', () => {
    expectIgnoresUnusable(() => make(), [3, 3, 3, 9]);
  });
});
