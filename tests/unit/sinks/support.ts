import type { NoctuaEvent, RecordEncoder, Sample, Score, SinkTarget, Tags } from '../../../src/core';
import { seriesKey } from '../../../src/core';

/** A test sample: system/cpu_util of device r1. */
export function sample(overrides: Partial<Sample> = {}): Sample {
  return {
    measurement: 'system',
    tags: { device: 'r1' },
    fields: { cpu_util: 12.5 },
    time: 1_700_000_000_000,
    source: 'lab',
    ...overrides,
  };
}

/** A score of a sample like the one above. */
export function score(
  overrides: Partial<Omit<Score, 'point'>> = {},
  of: { tags?: Tags; field?: string; value?: number } = {},
): Score {
  const field = of.field ?? 'cpu_util';
  const value = of.value ?? 97.5;
  const s = sample({ tags: of.tags ?? { device: 'r1' }, fields: { [field]: value } });
  return {
    point: { key: seriesKey(s.measurement, s.tags, field), field, value, time: s.time, sample: s },
    rule: 'device-health',
    detector: 'zscore',
    score: 0.93,
    ...overrides,
  };
}

/** Keeps written batches in memory; fails the next `failures` writes; may hold writes until released. */
export class MemoryTarget implements SinkTarget {
  readonly kind = 'memory';
  readonly name = 'mem';
  readonly batches: string[][] = [];
  failures = 0;
  attempts = 0;
  inFlight = 0;
  maxInFlight = 0;
  closed = 0;
  hold = false;
  private readonly held: Array<() => void> = [];

  async start(): Promise<void> {}

  readonly encoder: RecordEncoder = {
    encodeSample: (s: Sample) => String(s.fields.v ?? ''),
    encodeScore: (s: Score) => `score ${s.score}`,
    encodeEvent: (e: NoctuaEvent) => `event ${e.type} ${e.state}`,
  };

  async write(batch: readonly string[]): Promise<undefined> {
    this.attempts++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
      if (this.failures > 0) {
        this.failures--;
        throw new Error('target unavailable');
      }
      this.batches.push([...batch]);
      return undefined;
    } finally {
      this.inFlight--;
    }
  }

  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

/** An anomaly start event of device r1's cpu_util. */
export function event(overrides: Partial<NoctuaEvent> = {}): NoctuaEvent {
  return {
    type: 'anomaly',
    state: 'start',
    time: 1_700_000_000_000,
    tags: { device: 'r1', measurement: 'system', field: 'cpu_util', rule: 'device-health' },
    text: 'anomaly on system,device=r1#cpu_util: value 97.5, score 0.93',
    score: 0.93,
    value: 97.5,
    ...overrides,
  };
}
