import type { Observable } from 'rxjs';
import type { NoctuaEvent } from './event';
import type { Point } from './point';
import type { Sample } from './sample';
import type { DetectorResult, Score } from './score';

/**
 * A collector is built from validated config without I/O. `samples$()` is
 * cold: subscribing connects, unsubscribing closes every socket. It reconnects
 * with backoff inside itself and reports trouble as status, never as an error
 * or completion of the stream (except in `once` mode, where it completes after
 * one round).
 */
export interface Collector {
  readonly kind: string;
  readonly name: string;
  samples$(options?: CollectOptions): Observable<Sample>;
}

export interface CollectOptions {
  /** Poll or receive one round, then complete (`noctua run --once`). */
  readonly once?: boolean;
}

/**
 * One instance per series. Pure and synchronous: no I/O, no timers, no clock;
 * time comes from the point so replays give the same scores. Bounded memory.
 */
export interface Detector {
  update(point: Point): DetectorResult;
  /**
   * Detectors of missing data: the score of the series having been silent
   * from its newest point up to data time `now` (the newest time of other
   * series), or undefined while it is not overdue. The detect stage calls it
   * in its periodic sweep.
   */
  silence?(now: number): DetectorResult | undefined;
  /** Gives pooled memory back when its series expires; the detector is not used afterwards. */
  release?(): void;
}

/** Turns records into lines; '' when a record has nothing to store (the caller counts it). */
export interface RecordEncoder {
  encodeSample(sample: Sample): string;
  encodeScore(score: Score): string;
  encodeEvent(event: NoctuaEvent): string;
}

/** Encoded lines go to a target in batches; the buffered sink owns batching, retry and buffering. */
export interface SinkTarget {
  readonly kind: string;
  readonly name: string;
  /** How records become the lines write() gets. */
  readonly encoder: RecordEncoder;
  /** Opens files or connections; a sink counts as ready once this resolved. */
  start(): Promise<void>;
  /**
   * Writes one batch; rejects when the batch was not stored (the caller
   * retries it whole). Resolves with a report when the target stored the
   * batch except lines the server refused for good.
   */
  write(batch: readonly string[]): Promise<WriteReport | undefined>;
  close(): Promise<void>;
}

/** Lines of a batch that the server refused for good (malformed, too large): counted and dropped, never retried. */
export interface WriteReport {
  readonly rejected: number;
}

/** What the rest of Noctua sees of a sink. Writes never throw: overflow is counted. */
export interface Sink {
  readonly kind: string;
  readonly name: string;
  start(): Promise<void>;
  writeSample(sample: Sample): void;
  writeScore(score: Score): void;
  writeEvent(event: NoctuaEvent): void;
  /** Writes what is buffered, waiting at most until the deadline (epoch ms). */
  flush(deadline: number): Promise<void>;
  close(deadline: number): Promise<void>;
}
