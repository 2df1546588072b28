import type { Sample } from './sample';

/** What a detector sees: one numeric field of one sample, with its series key. */
export interface Point {
  readonly key: string;
  readonly field: string;
  readonly value: number;
  /** Epoch milliseconds. */
  readonly time: number;
  readonly sample: Sample;
}
