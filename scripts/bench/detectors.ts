/*
 * Each detector alone, with its default settings (and the limits a few of
 * them need), over N series × R rounds of one point each, state in shared
 * slabs as the detect stage keeps it. Prints samples/s on one core and the
 * memory each series holds (V8 heap plus array-buffer backing stores).
 *
 *   node --expose-gc --import tsx scripts/bench/detectors.ts [series] [rounds] [type ...]
 */

import type { Detector } from '../../src/core/contracts';
import type { Point } from '../../src/core/point';
import { type DetectorConfig, detectorConfigSchema } from '../../src/detectors/config';
import { Float64Slabs } from '../../src/detectors/float64-slabs';
import { createDetector } from '../../src/detectors/registry';
import { canCollectGarbage, retainedBytes } from './memory';

const SERIES = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 100);
const ONLY = process.argv.slice(4);

/** Settings for types that have no complete default. */
const SETTINGS: Record<string, object> = { threshold: { upper: 45 } };
const TYPES = detectorConfigSchema.options.map((option) => option.shape.type.value);

function bench(type: string): void {
  const config = detectorConfigSchema.parse({ type, ...SETTINGS[type] }) as DetectorConfig;
  const sample = { measurement: 'system', tags: {}, fields: {}, time: 0, source: 'bench' };
  const before = retainedBytes();
  const slabs = new Float64Slabs();
  const detectors: Detector[] = Array.from({ length: SERIES }, () => createDetector(config, slabs));
  let seed = 1;
  let checksum = 0;
  const start = Date.UTC(2026, 0, 1);
  const started = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round++) {
    const time = start + round * 10_000;
    for (let i = 0; i < SERIES; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const point: Point = { key: 'k', field: 'f', value: 40 + (6 * seed) / 2_147_483_648, time, sample };
      checksum += detectors[i]!.update(point).score;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSeries = Math.round((retainedBytes() - before) / SERIES);
  const rate = Math.round((SERIES * ROUNDS) / seconds).toLocaleString('en');
  console.log(
    `${type.padEnd(15)} ${rate.padStart(12)} samples/s  ${String(perSeries).padStart(6)} B per series  (score sum ${checksum.toFixed(1)})`,
  );
  detectors.length = 0;
}

console.log(
  `${SERIES} series × ${ROUNDS} rounds, one core${canCollectGarbage ? '' : ' (run with --expose-gc for memory figures)'}`,
);
for (const type of TYPES) if (ONLY.length === 0 || ONLY.includes(type)) bench(type);
