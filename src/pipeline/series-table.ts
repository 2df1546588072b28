/** What a series table needs to know of each entry. */
export interface SeriesState {
  /** Data time (epoch ms) of the newest point of the series. */
  lastSeen: number;
  /** Set when the table dropped the series, for whoever still holds the state (see SeriesCache). */
  evicted: boolean;
}

/**
 * Per-series state of one operator: one Map with a bound on its size and
 * expiry of series idle for longer than `idleExpiryMs` of data time (the
 * largest sample time seen, not the wall clock, so that a replay behaves like
 * live data). Sweeps are amortised: a full pass at most every idleExpiryMs / 4
 * of data time, so an idle series goes between 1 and 1.25 idle expiries after
 * its last point. An expiry of 0 disables expiry.
 */
export class SeriesTable<S extends SeriesState> {
  private readonly entries = new Map<string, S>();
  private dataTime = Number.NEGATIVE_INFINITY;
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    readonly maxSeries: number,
    private readonly idleExpiryMs: number,
    private readonly onEvict?: (state: S) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get full(): boolean {
    return this.entries.size >= this.maxSeries;
  }

  get(key: string): S | undefined {
    return this.entries.get(key);
  }

  /** Adds a series; false (and nothing added) when the table is full. */
  add(key: string, state: S): boolean {
    if (this.full) return false;
    this.entries.set(key, state);
    return true;
  }

  /** Moves data time forward to `time`; returns how many idle series were dropped. */
  advance(time: number): number {
    if (!(time > this.dataTime)) return 0;
    this.dataTime = time;
    if (this.idleExpiryMs <= 0) return 0;
    if (this.lastSweep === Number.NEGATIVE_INFINITY) this.lastSweep = time;
    if (time - this.lastSweep < this.idleExpiryMs / 4) return 0;
    this.lastSweep = time;
    const cutoff = time - this.idleExpiryMs;
    let evicted = 0;
    this.entries.forEach((state, key) => {
      if (state.lastSeen < cutoff) {
        state.evicted = true;
        this.entries.delete(key);
        this.onEvict?.(state);
        evicted++;
      }
    });
    return evicted;
  }
}
