import { type MonoTypeOperatorFunction, Observable } from 'rxjs';
import { type FieldKind, isCounterKind, type Sample } from '../core/sample';
import type { Metrics } from '../observability/metrics';
import { type SampleSeries, SeriesCache } from './series-cache';
import { type SeriesState, SeriesTable } from './series-table';

export interface RateOptions {
  /** Counter series with a stored previous value at most; further series get no rate. */
  maxSeries: number;
  /** A counter idle for this long (data time) forgets its previous value; 0 keeps it forever. */
  idleExpiryMs: number;
}

export interface RateDeps {
  metrics: Metrics;
}

/**
 * For every counter field (kind counter32, counter64 or counter) adds
 * `<field>_rate`, the increase per second since the previous sample of the
 * same series, as a gauge, and keeps the raw counter. No rate is given for the
 * first sample of a series, when time did not advance (an out-of-order or
 * duplicate sample is ignored and leaves the previous value in place), or
 * after a counter reset (see counterIncrease, and Sample.counterReset: the
 * source said its counters started over). Samples without counters pass
 * through untouched.
 */
export function counterToRate(options: RateOptions, deps: RateDeps): MonoTypeOperatorFunction<Sample> {
  return (source) =>
    new Observable<Sample>((subscriber) => {
      const rates = new CounterRates(options, deps);
      return source.subscribe({
        next: (sample) => subscriber.next(rates.apply(sample)),
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

interface CounterState extends SeriesState {
  /** The previous value; lastSeen is its time. */
  value: number | bigint;
}

class CounterRates {
  private readonly counters: SeriesTable<CounterState>;
  private readonly cache = new SeriesCache<CounterState>();
  private readonly limitLabels = { stage: 'rate', reason: 'series_limit' } as const;

  constructor(
    options: RateOptions,
    private readonly deps: RateDeps,
  ) {
    this.counters = new SeriesTable(options.maxSeries, options.idleExpiryMs);
  }

  /** The sample with its rate fields added, or the sample itself when it has none. */
  apply(sample: Sample): Sample {
    const { kinds, time } = sample;
    if (kinds === undefined) return sample;
    this.counters.advance(time);
    let rates: Record<string, number> | undefined;
    let known: SampleSeries<CounterState> | undefined;
    for (const field in kinds) {
      const kind = kinds[field]!;
      const value = sample.fields[field];
      if (!isCounterKind(kind) || (typeof value !== 'number' && typeof value !== 'bigint')) continue;
      known ??= this.cache.of(sample.measurement, sample.tags);
      let previous = known.get(field);
      if (previous === undefined || previous.evicted) {
        const key = known.key(field);
        previous = this.counters.get(key);
        if (previous === undefined) {
          this.track(key, known, field, { value, lastSeen: time, evicted: false });
          continue;
        }
        known.set(field, previous);
      }
      if (!(time > previous.lastSeen)) continue;
      const increase = sample.counterReset ? undefined : counterIncrease(kind, previous.value, value);
      if (increase !== undefined) {
        rates ??= {};
        rates[`${field}_rate`] = (increase * 1000) / (time - previous.lastSeen);
      }
      previous.value = value;
      previous.lastSeen = time;
    }
    return rates === undefined ? sample : { ...sample, fields: { ...sample.fields, ...rates } };
  }

  /** Stores the first value of a series, when the limit allows. */
  private track(key: string, known: SampleSeries<CounterState>, field: string, first: CounterState): void {
    if (this.counters.add(key, first)) known.set(field, first);
    else this.deps.metrics.samplesDropped.inc(this.limitLabels);
  }
}

/** Where counters of a known width wrap; a plain `counter` has none. */
const WRAPS_AT: Partial<Record<FieldKind, bigint>> = { counter32: 2n ** 32n, counter64: 2n ** 64n };

/**
 * How much a counter grew from `previous` to `current`, or undefined for a
 * reset. A smaller value is read as a wrap of a 32- or 64-bit counter only
 * when that is plausible: the previous value in the top quarter of the range
 * and the new one in the bottom quarter, as after an overflow between two
 * polls (a counter moving more than half its range between two polls would
 * be read wrongly anyway). Anything else (and every decrease of a plain `counter` or of a
 * fractional value) is a reset: a reboot or a cleared counter, whose increase
 * is unknown. Integers are computed exactly (as bigint where needed, so
 * counter64 values beyond 2^53 keep every digit); the increase is returned as
 * a number.
 */
export function counterIncrease(
  kind: FieldKind,
  previous: number | bigint,
  current: number | bigint,
): number | undefined {
  if (typeof previous === 'number' && typeof current === 'number' && current >= previous) {
    return current - previous;
  }
  const before = asBigInt(previous);
  const after = asBigInt(current);
  if (before === undefined || after === undefined) {
    const increase = Number(current) - Number(previous);
    return increase >= 0 ? increase : undefined;
  }
  if (after >= before) return Number(after - before);
  const range = WRAPS_AT[kind];
  if (range === undefined) return undefined;
  const quarter = range / 4n;
  const plausible = before >= range - quarter && before < range && after >= 0n && after < quarter;
  return plausible ? Number(range - before + after) : undefined;
}

function asBigInt(value: number | bigint): bigint | undefined {
  if (typeof value === 'bigint') return value;
  return Number.isInteger(value) ? BigInt(value) : undefined;
}
