import type { Detector } from '../../../src/core/contracts';
import type { Point } from '../../../src/core/point';
import type { DetectorResult } from '../../../src/core/score';
import { sigmaScoreFromLog } from '../../../src/detectors/calibration';
import { logTwoSidedTail } from '../../../src/detectors/tail';

/** The score of z standard deviations with the alert at `sigma` (see calibration.ts). */
export const sigmaScore = (z: number, sigma: number) => sigmaScoreFromLog(z, logTwoSidedTail(sigma));

const SAMPLE = { measurement: 'm', tags: {}, fields: {}, time: 0, source: 's' };

export function point(value: number, time: number): Point {
  return { key: 'm#f', field: 'f', value, time, sample: SAMPLE };
}

/** Feeds values at times start, start + step, ...; returns the results. */
export function feed(
  detector: Detector,
  values: readonly number[],
  start = 0,
  step = 1000,
): DetectorResult[] {
  return values.map((value, i) => detector.update(point(value, start + i * step)));
}

/** Feeds [time, value] pairs; returns the results. */
export function feedAt(detector: Detector, points: readonly (readonly [number, number])[]): DetectorResult[] {
  return points.map(([time, value]) => detector.update(point(value, time)));
}

export const scores = (results: readonly DetectorResult[]) => results.map((r) => r.score);

/** A deterministic pseudo-random sequence in [0, 1). */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Detectors must leave their state as it was for NaN, ±Infinity and a point older than the newest. */
export function expectIgnoresUnusable(make: () => Detector, history: readonly number[]): void {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    const detector = make();
    const twin = make();
    feed(detector, history);
    feed(twin, history);
    const next = history.length * 1000;
    expect(detector.update(point(bad, next))).toEqual({ score: 0 });
    expect(detector.update(point(history[0]! * 3 + 7, next + 1000))).toEqual(
      twin.update(point(history[0]! * 3 + 7, next + 1000)),
    );
  }
  const detector = make();
  const twin = make();
  feed(detector, history);
  feed(twin, history);
  const next = history.length * 1000;
  expect(detector.update(point(1e6, -5000))).toEqual({ score: 0 });
  expect(detector.update(point(history[1]!, next))).toEqual(twin.update(point(history[1]!, next)));
}
