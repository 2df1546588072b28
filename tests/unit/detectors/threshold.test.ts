import { thresholdConfigSchema } from '../../../src/detectors/threshold/config';
import { ThresholdDetector } from '../../../src/detectors/threshold/detector';
import { expectIgnoresUnusable, feed, scores } from './support';

const make = (settings: object) =>
  new ThresholdDetector(thresholdConfigSchema.parse({ type: 'threshold', ...settings }));

describe('ThresholdDetector', () => {
  it.each([
    { settings: { upper: 10 }, values: [5, 10, 10.1, 9, 11], expected: [0, 0, 1, 0, 1] },
    { settings: { lower: 0 }, values: [1, 0, -0.1, 3], expected: [0, 0, 1, 0] },
    // Enters above 10, stays in alarm until back at or below 8.
    {
      settings: { upper: 10, hysteresis: 2 },
      values: [9, 11, 9, 8.5, 8, 9, 10.5],
      expected: [0, 1, 1, 1, 0, 0, 1],
    },
    {
      settings: { upper: 10, lower: 0, hysteresis: 1 },
      values: [-1, 0.5, 1, 11, 9.5, 9],
      expected: [1, 1, 0, 1, 1, 0],
    },
  ])('$settings: $values scores $expected', ({ settings, values, expected }) => {
    expect(scores(feed(make(settings), values))).toEqual(expected);
  });

  it('reports the limits as the band, with no warm-up', () => {
    expect(
      make({ upper: 10, lower: 2 }).update({
        key: 'k',
        field: 'f',
        value: 1,
        time: 0,
        sample: undefined as never,
      }),
    ).toEqual({
      score: 1,
      lower: 2,
      upper: 10,
    });
  });

  it('ignores NaN, ±Infinity and points older than the newest', () => {
    expectIgnoresUnusable(() => make({ upper: 10, hysteresis: 1 }), [5, 11, 9.5]);
  });

  it('refuses settings without a limit, or with overlapping exit levels', () => {
    expect(thresholdConfigSchema.safeParse({ type: 'threshold' }).success).toBe(false);
    expect(
      thresholdConfigSchema.safeParse({ type: 'threshold', upper: 10, lower: 5, hysteresis: 3 }).success,
    ).toBe(false);
  });
});
