import { autoConfigSchema } from '../../../src/detectors/auto/config';
import { AutoDetector } from '../../../src/detectors/auto/detector';
import { Float64Slabs } from '../../../src/detectors/float64-slabs';
import { expectIgnoresUnusable, feed, feedAt, random, scores } from './support';

const DEFAULTS = autoConfigSchema.parse({ type: 'auto' });
const make = (slabs?: Float64Slabs) => new AutoDetector(DEFAULTS, slabs);
const FIVE_MINUTES = 300_000;

/** Noise around 50 with standard deviation about 2.9, one point every 5 minutes. */
function noise(count: number, seed = 3): number[] {
  const next = random(seed);
  return Array.from({ length: count }, () => 50 + 10 * (next() - 0.5));
}

describe('AutoDetector', () => {
  it('scores 0 with no band while it warms up', () => {
    const results = feed(make(), noise(DEFAULTS.min_points));
    expect(results[0]).toEqual({ score: 0 });
    expect(scores(results)).toEqual(new Array(DEFAULTS.min_points).fill(0));
  });

  it('expects the exponentially weighted level, with a band of 3 noise scales', () => {
    // After 10 and 12: level 10 + 0.3 × 2 = 10.6, noise scale 2 (the first deviation).
    const [, , third] = feed(make(), [10, 12, 11]);
    expect(third!.expected).toBeCloseTo(10.6, 12);
    expect(third!.lower).toBeCloseTo(4.6, 9);
    expect(third!.upper).toBeCloseTo(16.6, 9);
  });

  it('stays below 0.9 on plain noise and alerts on a spike in it', () => {
    const values = noise(3000);
    const detector = make();
    const quiet = scores(feed(detector, values, 0, FIVE_MINUTES)).slice(500);
    expect(quiet.filter((s) => s >= 0.9).length).toBeLessThanOrEqual(quiet.length / 200);
    const [spike] = feedAt(detector, [[3000 * FIVE_MINUTES, 90]]);
    expect(spike!.score).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the same scores to series of any offset and scale: one threshold fits all', () => {
    const values = [...noise(1500), 90, ...noise(200, 5), 20, ...noise(100, 9)];
    const small = scores(feed(make(), values, 0, FIVE_MINUTES));
    const large = scores(
      feed(
        make(),
        values.map((v) => 1e6 + 1000 * v),
        0,
        FIVE_MINUTES,
      ),
    );
    for (let i = 0; i < values.length; i++) expect(large[i]).toBeCloseTo(small[i]!, 6);
    expect(Math.max(...small)).toBeGreaterThanOrEqual(0.9);
  });

  it('learns a daily peak, and alerts on the same peak at another time of day', () => {
    const day = 288;
    const values = noise(5 * day).map((v, i) => (i % day === 100 ? v + 60 : v));
    const detector = make();
    const results = scores(feed(detector, values, 0, FIVE_MINUTES));
    // Days 3 to 5: the peak at the usual time is known.
    for (let d = 3; d < 5; d++) expect(results[d * day + 100]).toBeLessThan(0.9);
    const [elsewhere] = feedAt(detector, [[(5 * day + 200) * FIVE_MINUTES, 110]]);
    expect(elsewhere!.score).toBeGreaterThanOrEqual(0.9);
  });

  describe('overshooting a wide time-of-day envelope', () => {
    const day = 288;
    /** A week of a quiet series near 1 with a spike every 8 hours: to 60 at midnight, to 100 at 08:00 and 16:00. */
    const spikyWeek = () => {
      const next = random(5);
      return Array.from({ length: 7 * day }, (_, i) => {
        if (i % 96 !== 0) return 1 + 0.1 * next();
        return i % day === 0 ? 60 : 100;
      });
    };

    it.each([
      ['midnight, where it spikes to 60 every day', 0, false],
      ['04:00, where it never spiked', 48, true],
    ])('a spike to 90 at %s is announced: %s', (_, offset, announced) => {
      const detector = make();
      feed(detector, spikyWeek(), 0, FIVE_MINUTES);
      const time = (7 * day + offset) * FIVE_MINUTES;
      const results = feedAt(detector, [
        [time, 90],
        [time + FIVE_MINUTES, 1.05],
      ]);
      // 30 above an envelope 59 wide is little; where the envelope is the quiet level, it is news.
      expect(scores(results).some((s) => s >= 0.9)).toBe(announced);
    });

    // 15 series of two weeks of normal noise (standard deviation 1), a spike 12 deviations high every 1501 points.
    it.each([
      ['plain noise', () => 0],
      ['a daily cycle 6 deviations high', (i: number) => 6 * Math.sin((2 * Math.PI * i) / day)],
    ])('announces clear spikes on %s, whose envelope stays narrower than that', (_, shape) => {
      let spikes = 0;
      let announced = 0;
      for (let seed = 1; seed <= 15; seed++) {
        const next = random(seed);
        const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
        const values = Array.from(
          { length: 14 * day },
          (_, i) => 50 + shape(i) + normal() + (i % 1501 === 1500 ? 12 : 0),
        );
        const results = scores(feed(make(), values, 0, FIVE_MINUTES));
        for (let spike = 1500; spike < values.length - 1; spike += 1501) {
          spikes++;
          if (Math.max(results[spike]!, results[spike + 1]!) >= 0.9) announced++;
        }
      }
      // 30 and 30 of 30; 27 and 23 while the first day's history counted in full (see forgetLevelHistory),
      // 21 and 16 with every overshoot measured against the larger of saturation and 6 envelope widths.
      expect(announced).toBeGreaterThanOrEqual(0.95 * spikes);
    });
  });

  it('announces a rise of the mean by 1 deviation for 5 hours, inside the noise, in half of 20 series', () => {
    const day = 288;
    let announced = 0;
    for (let seed = 1; seed <= 20; seed++) {
      // Normal noise (standard deviation 1) at 5 minutes for 6 days; the mean is 1 higher for 60 points on day 5.
      const next = random(seed);
      const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      const start = 4 * day + 100;
      const values = Array.from(
        { length: 6 * day },
        (_, i) => 50 + normal() + (i >= start && i < start + 60 ? 1 : 0),
      );
      const results = scores(feed(make(), values, 0, FIVE_MINUTES));
      if (Math.max(...results.slice(start, start + 60)) >= 0.9) announced++;
    }
    // 10; 6 without the record of the shift between a fast and a slow mean (see shiftScore).
    expect(announced).toBeGreaterThanOrEqual(9);
  });

  it('announces a sustained shift when it starts, then only when its surprise grows again', () => {
    const values = [...noise(1000), ...noise(100, 11).map((v) => v + 40)];
    const results = scores(feed(make(), values, 0, FIVE_MINUTES)).slice(1000);
    expect(results.slice(0, 3).some((s) => s >= 0.9)).toBe(true);
    // The shift stays outside the envelope of earlier days all day: repeats are rare, not every point.
    const repeats = results.slice(10).filter((s) => s >= 0.9);
    expect(repeats.length).toBeLessThanOrEqual(results.length / 10);
  });

  it('reports nothing more while the point that raised an alert is still in the short window', () => {
    // An early outlier widens the range, so the rise below is judged by its distance from the level.
    const values = [...noise(1000).map((v, i) => (i === 100 ? 200 : v)), 70, 90, 100, 110, ...noise(20, 12)];
    const results = scores(feed(make(), values, 0, FIVE_MINUTES)).slice(1000);
    // Announced at the first or second point of the rise (70 or 90).
    const alert = results.findIndex((s) => s >= 0.9);
    expect([0, 1]).toContain(alert);
    // The rise goes on and its surprise grows, but it is the same evidence: announced once.
    const next = results.slice(alert + 1, alert + DEFAULTS.short_window);
    expect(next).toEqual(new Array(DEFAULTS.short_window - 1).fill(0));
  });

  it('announces a clear spike soon after its warm-up, whatever the noise before it', () => {
    // Early on, every few points set a new extreme of the young range: those must not count as news.
    for (let seed = 1; seed <= 20; seed++) {
      const results = scores(feed(make(), [...noise(44, seed), 90], 0, 1000));
      expect([seed, results[44]! >= 0.9]).toEqual([seed, true]);
    }
  });

  /** Noise around 50 with a burst of 2 points at 100 every 40 points: every burst saturates the raw surprise. */
  const bursty = (count: number) => noise(count).map((v, i) => (i % 40 === 20 || i % 40 === 21 ? 100 : v));

  it.each([
    // A burst to the usual height is no news, however long the series has run.
    { before: 2000, value: 100, alerts: false },
    // A new high 36 % of the range beyond it: p = n^-1.36, about 4e-4 after 300 points, 3e-5 after 2000.
    { before: 300, value: 120, alerts: false },
    { before: 2000, value: 120, alerts: true },
    // The same margin below the range is a record too.
    { before: 2000, value: 25, alerts: true },
  ])(
    'scores a record on a bursty series by how unlikely it is after $before points: $value',
    ({ before, value, alerts }) => {
      // One point a second: within a day, so the time-of-day envelope does not learn the bursts.
      const detector = make();
      feed(detector, bursty(before));
      const [result] = feedAt(detector, [[(before + 10) * 1000, value]]);
      expect(result!.score >= 0.9).toBe(alerts);
    },
  );

  /** Noise around 50, with a bump to 65 (about 6 noise scales) every 20 points for the first 3000, quiet after. */
  const bumpy = (bumps: boolean) => [
    ...noise(3000).map((v, i) => (bumps && i % 20 === 19 ? 65 : v)),
    ...noise(1500, 7),
  ];

  it.each([
    // 1500 quiet points: the long history (about 1000 points) has forgotten the bumps, the slow one has not.
    { bumps: true, value: 65, alerts: false },
    // A higher bump is news (and a new record).
    { bumps: true, value: 80, alerts: true },
    { bumps: false, value: 65, alerts: true },
  ])(
    'remembers moderate bumps beyond the long horizon (bumps before: $bumps): $value',
    ({ bumps, value, alerts }) => {
      // One point a second: within a day, so the time-of-day envelope does not learn the bumps.
      const detector = make();
      const values = [...bumpy(bumps), value, ...noise(5, 9)];
      const results = scores(feed(detector, values)).slice(4500);
      expect(Math.max(...results) >= 0.9).toBe(alerts);
    },
  );

  it('announces a value that gets stuck on a series that never repeated itself, after 3 repeats', () => {
    const values = [...noise(500), ...new Array(10).fill(47.5), ...noise(200, 6)];
    const results = scores(feed(make(), values, 0, FIVE_MINUTES)).slice(500);
    // 47.5 is an ordinary value: the first 3 points of the run (2 repeats) score nothing.
    expect(results.slice(0, 3)).toEqual([0, 0, 0]);
    expect(results[3]).toBeGreaterThanOrEqual(0.9);
    // Announced once, and the run is not learned as ordinary: the next one is announced too.
    expect(results.slice(4, 10).filter((s) => s >= 0.9)).toEqual([]);
    const again = scores(feed(make(), [...values, ...new Array(10).fill(51.5)], 0, FIVE_MINUTES)).slice(710);
    expect(again[3]).toBeGreaterThanOrEqual(0.9);
  });

  it('needs a run over twice its usual longest before it calls a series that repeats itself stuck', () => {
    // A reading cached for 5 points: every value comes in runs of 5 (4 repeats).
    const cached = noise(200).flatMap((v) => new Array(5).fill(v));
    const results = scores(feed(make(), [...cached, ...new Array(12).fill(52)], 0, FIVE_MINUTES));
    // Repeats inside the ordinary runs never alert (a jump to the next cached value may: that is the level's part).
    expect(results.slice(0, 1000).filter((s, i) => i % 5 !== 0 && s >= 0.9)).toEqual([]);
    // Within twice the longest ordinary run (8 repeats), and a little beyond at a repeat rate of 0.8, it is no news.
    expect(Math.max(...results.slice(1001))).toBeLessThan(0.9);
    const longer = scores(feed(make(), [...cached, ...new Array(60).fill(52)], 0, FIVE_MINUTES)).slice(1001);
    expect(longer.some((s) => s >= 0.9)).toBe(true);
  });

  describe('familiar excursion states', () => {
    /** Noise with a spike to 150 every 100 points. */
    const spiky = (count: number) => noise(count).map((v, i) => (i % 100 === 50 ? 150 : v));
    const HOUR = 3_600_000;

    it('does not announce a spike back to a height first reached days ago, at its usual spacing', () => {
      // At 5 minutes, every 100 points moves the spikes through the day: the time-of-day envelope never holds them.
      const results = scores(feed(make(), spiky(2000), 0, FIVE_MINUTES));
      const familiar = results.filter((_, i) => i % 100 === 50 && i >= 1000);
      expect(Math.max(...familiar)).toBeLessThan(0.9);
    });

    // Hourly samples leave every other half hour empty: the level alone is the reference.
    it.each([
      ['its usual height at its usual spacing', false, [...noise(50, 7), 150, 49, 51]],
      ['its usual height, sooner after the previous spike than ever before', true, [51, 49, 150, 50, 48, 52]],
      ['a height the series never reached', true, [51, 49, 110, 50, 48, 52]],
    ])('after 2000 hourly points with spikes to 150, %s is announced: %s', (_, announced, next) => {
      const results = scores(feed(make(), [...spiky(2000), ...next], 0, HOUR)).slice(2000);
      expect(results.some((s) => s >= 0.9)).toBe(announced);
    });

    it('announces a spike that recurs every 3 minutes every time on the day it first appears', () => {
      // 1-second samples, a spike 60 above the level every 180 points for 2 hours (as in the demo).
      const values = noise(7200).map((v, i) => (i % 180 === 45 ? v + 60 : v));
      const results = scores(feed(make(), values, 0, 1000));
      for (let spike = 45; spike < values.length; spike += 180) {
        expect([spike, results.slice(spike, spike + 3).some((s) => s >= 0.9)]).toEqual([spike, true]);
      }
    });
  });

  it('ignores NaN, ±Infinity and points older than the newest', () => {
    expectIgnoresUnusable(() => make(), noise(60));
  });

  it('gives the same scores with its state in a shared slab, also after reuse', () => {
    const slabs = new Float64Slabs(2);
    const values = [...noise(400), 95, ...noise(50, 4)];
    const expected = feed(make(), values, 0, FIVE_MINUTES);
    const first = make(slabs);
    feed(first, noise(300, 8), 0, FIVE_MINUTES);
    first.release();
    expect(feed(make(slabs), values, 0, FIVE_MINUTES)).toEqual(expected);
  });
});
