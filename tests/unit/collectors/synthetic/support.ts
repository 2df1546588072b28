import { type SyntheticConfig, syntheticConfigSchema } from '../../../../src/collectors/synthetic/config';
import type { Sample } from '../../../../src/core';

/** A validated synthetic config: one device, one gauge series `cpu`, 10 s rounds, no noise, unless overridden. */
export function syntheticConfig(overrides: Record<string, unknown> = {}): SyntheticConfig {
  return syntheticConfigSchema.parse({
    type: 'synthetic',
    interval: '10s',
    devices: ['r1'],
    series: { cpu: { measurement: 'system', field: 'cpu_util', baseline: 50 } },
    ...overrides,
  });
}

/** The single field value of a sample. */
export function fieldValue(sample: Sample): unknown {
  return Object.values(sample.fields)[0];
}
