import type { Sample, Score, Tags } from '../../../src/core';
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
