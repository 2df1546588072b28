import type { FieldKind, Tags } from '../../core';
import type { SyntheticAnomalyConfig, SyntheticConfig } from './config';
import { deviceNames } from './devices';

/** A validated, index-based form of the config that the generator reads on its hot path. */
export interface SyntheticPlan {
  readonly seed: number;
  /** Milliseconds between rounds. */
  readonly interval: number;
  readonly devices: readonly string[];
  readonly series: readonly SeriesPlan[];
}

export interface SeriesPlan {
  readonly measurement: string;
  readonly field: string;
  /** Tags of the series, without `device`. */
  readonly tags: Tags;
  readonly kind: 'gauge' | 'counter32' | 'counter64';
  /** Shared by every sample of the series; undefined for gauges. */
  readonly kinds: Readonly<Record<string, FieldKind>> | undefined;
  readonly baseline: number;
  readonly noise: number;
  readonly seasonality:
    | { readonly amplitude: number; readonly period: number; readonly phase: number }
    | undefined;
  readonly min: number;
  readonly max: number;
  readonly initial: number;
  readonly anomalies: readonly AnomalyPlan[];
}

export interface AnomalyPlan {
  readonly type: SyntheticAnomalyConfig['type'];
  /** Milliseconds after the first round. */
  readonly at: number;
  readonly duration: number;
  readonly magnitude: number;
  /** Repeat period in milliseconds; undefined for a single occurrence. */
  readonly every: number | undefined;
  /** Index of the only device it applies to; undefined for all devices. */
  readonly device: number | undefined;
}

/** Indexes a validated config for the generator's hot path. */
export function compilePlan(config: SyntheticConfig): SyntheticPlan {
  const devices = deviceNames(config.devices);
  const deviceIndex = new Map(devices.map((name, index) => [name, index]));
  const seriesNames = Object.keys(config.series);
  const anomalies = seriesNames.map((): AnomalyPlan[] => []);

  for (const anomaly of config.anomalies) {
    const series = seriesNames.indexOf(anomaly.series);
    const device = anomaly.device === undefined ? undefined : deviceIndex.get(anomaly.device);
    const { type, at, duration, magnitude, every } = anomaly;
    anomalies[series]!.push({ type, at, duration, magnitude, every, device });
  }

  const series = seriesNames.map((name, index): SeriesPlan => {
    const s = config.series[name]!;
    return {
      measurement: s.measurement,
      field: s.field,
      tags: s.tags,
      kind: s.kind,
      kinds: s.kind === 'gauge' ? undefined : Object.freeze({ [s.field]: s.kind }),
      baseline: s.baseline,
      noise: s.noise,
      seasonality: s.seasonality,
      min: s.min ?? Number.NEGATIVE_INFINITY,
      max: s.max ?? Number.POSITIVE_INFINITY,
      initial: s.initial,
      anomalies: anomalies[index]!,
    };
  });
  return { seed: config.seed, interval: config.interval, devices, series };
}

/**
 * Milliseconds since the current occurrence of an anomaly began, or -1 when it
 * is not active `offset` milliseconds after the first round.
 */
export function anomalyElapsed(anomaly: AnomalyPlan, offset: number): number {
  if (offset < anomaly.at) return -1;
  const since = anomaly.every === undefined ? offset - anomaly.at : (offset - anomaly.at) % anomaly.every;
  return since < anomaly.duration ? since : -1;
}
