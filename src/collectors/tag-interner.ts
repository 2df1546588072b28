import type { Tags } from '../core';

/**
 * Hands out one tags object per distinct measurement + tag set, so that the
 * pipeline's per-tags-object caches (series keys, detector state, line
 * protocol prefixes) hit on every sample of a series instead of building and
 * hashing keys anew. Only what the last two generations used is kept: a
 * poller calls `nextGeneration()` once per poll; a stream lets the interner
 * start a new generation whenever the current one holds `capacity` tag sets.
 */
export class TagInterner {
  private current = new Map<string, Tags>();
  private previous = new Map<string, Tags>();

  constructor(private readonly capacity = Number.POSITIVE_INFINITY) {}

  nextGeneration(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** The tags object for these values: `values` itself (frozen) the first time, the same object after. */
  intern(measurement: string, values: Record<string, string>): Tags {
    // Lengths first, so that no name or value can make two tag sets look alike.
    let key = `${measurement.length}:${measurement}`;
    for (const name in values) {
      const value = values[name]!;
      key += `${name.length}:${name}${value.length}:${value}`;
    }
    let tags = this.current.get(key);
    if (tags !== undefined) return tags;
    tags = this.previous.get(key) ?? Object.freeze(values);
    if (this.current.size >= this.capacity) this.nextGeneration();
    this.current.set(key, tags);
    return tags;
  }
}
