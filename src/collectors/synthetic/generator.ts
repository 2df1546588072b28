import type { FieldValue, Sample, Tags } from '../../core';
import { type AnomalyPlan, anomalyElapsed, type SeriesPlan, type SyntheticPlan } from './plan';
import { gaussian } from './random';

const TWO_POW_32 = 2 ** 32;
const MS_PER_MINUTE = 60_000;

interface ActiveAnomaly {
  readonly anomaly: AnomalyPlan;
  /** Milliseconds since this occurrence began. */
  readonly elapsed: number;
}

/**
 * The samples of one run, round by round; no clock and no timers. A value
 * depends only on the plan, the device, the series and the round index.
 * Counters and flatlines carry state from round to round, so each device's
 * rounds are generated once each, in order, starting at round 0.
 */
export class RoundGenerator {
  /** One tags object per device × series (index device * seriesCount + series), reused by every sample. */
  private readonly tags: Tags[] = [];
  /** Last value outside a flatline, per device × series; NaN before the first. */
  private readonly held: Float64Array;
  /** Counter values per series (undefined for gauges), per device. */
  private readonly counters: (Float64Array | BigUint64Array | undefined)[];
  private readonly intervalSeconds: number;

  constructor(
    private readonly plan: SyntheticPlan,
    private readonly source: string,
    /** Epoch ms of round 0; anomaly offsets count from here. */
    readonly startTime: number,
  ) {
    const { devices, series } = plan;
    for (const device of devices) {
      for (const s of series) this.tags.push({ ...s.tags, device });
    }
    this.held = new Float64Array(devices.length * series.length).fill(Number.NaN);
    this.counters = series.map((s) => newCounters(s, devices.length));
    this.intervalSeconds = plan.interval / 1000;
  }

  get deviceCount(): number {
    return this.plan.devices.length;
  }

  get seriesCount(): number {
    return this.plan.series.length;
  }

  timeOf(round: number): number {
    return this.startTime + round * this.plan.interval;
  }

  /** Emits round `round` of devices [from, to), device by device, series by series. */
  generate(round: number, from: number, to: number, emit: (sample: Sample) => void): void {
    const { series, seed } = this.plan;
    const time = this.timeOf(round);
    const offset = round * this.plan.interval;
    const levels = series.map((s) => level(s, time));
    const active = series.map((s) => activeAnomalies(s, offset));
    for (let device = from; device < to; device++) {
      for (let index = 0; index < series.length; index++) {
        const s = series[index]!;
        let value = levels[index]! + (s.noise === 0 ? 0 : s.noise * gaussian(seed, device, index, round));
        let flat = false;
        let dropped = false;
        for (const { anomaly, elapsed } of active[index]!) {
          if (anomaly.device !== undefined && anomaly.device !== device) continue;
          if (anomaly.type === 'flatline') flat = true;
          else if (anomaly.type === 'dropout') dropped = true;
          else if (anomaly.type === 'drift') value += (anomaly.magnitude * elapsed) / MS_PER_MINUTE;
          else value += anomaly.magnitude; // spike, level_shift
        }
        value = Math.min(s.max, Math.max(s.min, value));
        const slot = device * series.length + index;
        if (flat && !Number.isNaN(this.held[slot]!)) value = this.held[slot]!;
        else this.held[slot] = value;
        // A counter keeps counting through a dropout: the device counts, we just do not see it.
        const fieldValue = this.advanceCounter(index, device, round, value);
        if (dropped) continue;
        emit({
          measurement: s.measurement,
          tags: this.tags[slot]!,
          fields: { [s.field]: fieldValue },
          time,
          source: this.source,
          kinds: s.kinds,
        });
      }
    }
  }

  /** Gauges report the value; counters report their total, grown by value × interval from round 1 on. */
  private advanceCounter(series: number, device: number, round: number, value: number): FieldValue {
    const counter = this.counters[series];
    if (counter === undefined) return value;
    if (round > 0) {
      // A counter never goes down: a negative rate counts as 0.
      const increment = Math.round(Math.max(0, value) * this.intervalSeconds);
      if (counter instanceof BigUint64Array) counter[device] = counter[device]! + BigInt(increment);
      else counter[device] = (counter[device]! + (increment % TWO_POW_32)) % TWO_POW_32;
    }
    return counter[device]!;
  }
}

/** Counter totals start at `initial`; storing into a BigUint64Array wraps at 2^64 by itself. */
function newCounters(series: SeriesPlan, devices: number): Float64Array | BigUint64Array | undefined {
  const initial = Math.floor(series.initial);
  if (series.kind === 'counter64') return new BigUint64Array(devices).fill(BigInt(initial));
  if (series.kind === 'counter32') return new Float64Array(devices).fill(initial % TWO_POW_32);
  return undefined;
}

/** Baseline plus seasonality, which peaks at `phase` within each period. */
function level(series: SeriesPlan, time: number): number {
  const season = series.seasonality;
  if (season === undefined) return series.baseline;
  // The remainder is exact; the angle then stays within one turn, where cos is precise.
  const cycle = ((time - season.phase) % season.period) / season.period;
  return series.baseline + season.amplitude * Math.cos(2 * Math.PI * cycle);
}

function activeAnomalies(series: SeriesPlan, offset: number): ActiveAnomaly[] {
  const active: ActiveAnomaly[] = [];
  for (const anomaly of series.anomalies) {
    const elapsed = anomalyElapsed(anomaly, offset);
    if (elapsed >= 0) active.push({ anomaly, elapsed });
  }
  return active;
}
