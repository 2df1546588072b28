import type { Point } from './point';

/** What a detector returns for one point. */
export interface DetectorResult {
  /** Anomaly score in [0, 1]; 0 while the detector is warming up. */
  readonly score: number;
  /** Value the detector expected, when it has one. */
  readonly expected?: number;
  /** Normal band, when the detector has one. */
  readonly lower?: number;
  readonly upper?: number;
}

/** A detector result placed in context: which series, which rule, which detector. */
export interface Score extends DetectorResult {
  readonly point: Point;
  readonly rule: string;
  readonly detector: string;
}
