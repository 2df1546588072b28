import { missingConfigSchema } from '../../../src/detectors/missing/config';
import { MissingDetector } from '../../../src/detectors/missing/detector';
import { feedAt, scores } from './support';

const make = (extra: object = {}) =>
  new MissingDetector(missingConfigSchema.parse({ type: 'missing', min_points: 2, factor: 3, ...extra }));

/** Points every 10 s from 0 to 30 s: the usual interval is 10 s, the alert gap 30 s. */
function regular(detector: MissingDetector) {
  return feedAt(detector, [
    [0, 1],
    [10_000, 1],
    [20_000, 1],
    [30_000, 1],
  ]);
}

describe('MissingDetector', () => {
  it('scores the gap before a point: 0 at the usual interval, 0.9 at factor × it', () => {
    const detector = make();
    expect(scores(regular(detector))).toEqual([0, 0, 0, 0]);
    expect(feedAt(detector, [[60_000, 1]])).toEqual([
      { score: 0.9, expected: 10_000, lower: 0, upper: 30_000 },
    ]);
  });

  it('scores the silence while it lasts, from the data time of others', () => {
    const detector = make();
    regular(detector);
    expect(detector.silence(40_000)).toBeUndefined();
    expect(detector.silence(50_000)?.score).toBeCloseTo(0.45, 12);
    expect(detector.silence(60_000)?.score).toBeCloseTo(0.9, 12);
    expect(detector.silence(1e9)?.score).toBe(1);
  });

  it('uses max_gap when set', () => {
    const detector = make({ max_gap: '1m' });
    regular(detector);
    expect(detector.silence(90_000)?.score).toBeCloseTo(0.9, 12);
  });

  it('says nothing during warm-up', () => {
    const detector = make();
    feedAt(detector, [
      [0, 1],
      [10_000, 1],
    ]);
    expect(detector.silence(1e9)).toBeUndefined();
  });

  it('counts NaN as a report, and ignores duplicates and points older than the newest', () => {
    const detector = make();
    regular(detector);
    expect(feedAt(detector, [[40_000, Number.NaN]])[0]!.score).toBe(0);
    expect(feedAt(detector, [[40_000, 1]])).toEqual([{ score: 0 }]);
    expect(feedAt(detector, [[5_000, 1]])).toEqual([{ score: 0 }]);
    expect(detector.silence(50_000)).toBeUndefined();
  });
});
