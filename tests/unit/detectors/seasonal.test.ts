import { Float64Slabs } from '../../../src/detectors/float64-slabs';
import { seasonalConfigSchema } from '../../../src/detectors/seasonal/config';
import { SeasonalDetector } from '../../../src/detectors/seasonal/detector';
import { expectIgnoresUnusable, feedAt } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const settings = (extra: object = {}) =>
  seasonalConfigSchema.parse({
    type: 'seasonal',
    bin: '1h',
    alpha: 0.5,
    sigma: 3,
    min_points_per_bin: 2,
    ...extra,
  });

describe('SeasonalDetector', () => {
  // Slot 00:00-01:00 learns 10 then 14: mean 12, variance 0.5 × (0 + 0.5 × 16) = 4.
  it.each([
    { value: 12, score: 0 },
    { value: 18, score: 0.9 },
    { value: 6, score: 0.9 },
  ])('scores $value at the same time of day as $score', ({ value, score }) => {
    const [, , result] = feedAt(new SeasonalDetector(settings()), [
      [0, 10],
      [DAY + 30 * 60_000, 14],
      [2 * DAY, value],
    ]);
    expect(result!.score).toBeCloseTo(score, 12);
    expect(result).toMatchObject({ expected: 12, lower: 6, upper: 18 });
  });

  it('judges each slot by its own history, and a slot with too few points not at all', () => {
    const detector = new SeasonalDetector(settings());
    // 00:00 is always 10, 12:00 always 50.
    feedAt(detector, [
      [0, 10],
      [12 * HOUR, 50],
      [DAY, 10],
      [DAY + 12 * HOUR, 50],
    ]);
    const [midnight, noon, newSlot] = feedAt(detector, [
      [2 * DAY, 50],
      [2 * DAY + 12 * HOUR, 50],
      [2 * DAY + 13 * HOUR, 1e6],
    ]);
    expect(midnight!.score).toBe(1);
    expect(noon!.score).toBe(0);
    expect(newSlot).toEqual({ score: 0 });
  });

  it('follows the week when asked: Monday is not Sunday', () => {
    const detector = new SeasonalDetector(settings({ period: 'week', bin: '1d' }));
    const WEEK = 7 * DAY;
    feedAt(detector, [
      [0, 1],
      [DAY, 100],
      [WEEK, 1],
      [WEEK + DAY, 100],
    ]);
    const [sameDay, nextDay] = feedAt(detector, [
      [2 * WEEK, 1],
      [2 * WEEK + DAY, 1],
    ]);
    expect(sameDay!.score).toBe(0);
    expect(nextDay!.score).toBe(1);
  });

  it('ignores NaN, ±Infinity and points older than the newest', () => {
    expectIgnoresUnusable(
      () => new SeasonalDetector(settings({ bin: '1m' })),
      [...Array(200).keys()].map((i) => i % 7),
    );
  });

  it('refuses a bin that does not divide the period', () => {
    expect(seasonalConfigSchema.safeParse({ type: 'seasonal', bin: '7h' }).success).toBe(false);
    expect(seasonalConfigSchema.safeParse({ type: 'seasonal', bin: '1m', period: 'week' }).success).toBe(
      false,
    );
  });

  it('gives the same scores with its state in a shared slab', () => {
    const points = [...Array(100).keys()].map((i) => [i * HOUR, (i * 37) % 11] as const);
    const expected = feedAt(new SeasonalDetector(settings()), points);
    expect(feedAt(new SeasonalDetector(settings(), new Float64Slabs(2)), points)).toEqual(expected);
  });
});
