import type { Counter } from 'prom-client';

/**
 * Adds increments up and hands them to a prom-client counter once per
 * microtask checkpoint, that is once per burst of synchronous work, or on
 * `flush()`. A labelled `Counter.inc` costs 150-250 ns (label hashing and
 * validation), too much for a path that runs for every sample. A scrape runs
 * in a task of its own, so it sees every increment made before it.
 */
export class BatchedCounter<L extends string> {
  private pending = 0;

  constructor(
    private readonly counter: Counter<L>,
    private readonly labels: Partial<Record<L, string | number>>,
  ) {}

  inc(): void {
    if (this.pending++ === 0) queueMicrotask(this.flush);
  }

  readonly flush = (): void => {
    if (this.pending === 0) return;
    this.counter.inc(this.labels, this.pending);
    this.pending = 0;
  };
}
