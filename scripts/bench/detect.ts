/*
 * Micro-benchmark of the detection hot path: N series × R rounds of one-field
 * samples through normalize → detect (zscore, window 60), from a synchronous
 * generator, no collector and no sink. Prints samples/s and the memory the
 * per-series state holds (V8 heap plus array-buffer backing stores).
 *
 *   node --expose-gc --import tsx scripts/bench/detect.ts [series] [rounds]
 */

import { lastValueFrom, Observable, tap } from 'rxjs';
import { compileRules } from '../../src/alerting/rule-matcher';
import type { RuleConfig } from '../../src/config/schema';
import type { Sample, Tags } from '../../src/core';
import { createLogger } from '../../src/observability/logger';
import { Metrics } from '../../src/observability/metrics';
import { detect } from '../../src/pipeline/detect';
import { normalize } from '../../src/pipeline/normalize';
import { canCollectGarbage, retainedMemory } from './memory';

const SERIES = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 30);

const rule: RuleConfig = {
  match: { measurement: '*', fields: ['*'], tags: {} },
  detector: { type: 'zscore', window: 60, min_points: 20, sigma: 3 },
  threshold: 0.9,
  severity: 'warning',
  labels: {},
};

/** Round-robin samples of the devices, ROUNDS times, 10 s apart, with one tags object per device. */
function samples$(tags: readonly Tags[]): Observable<Sample> {
  return new Observable<Sample>((subscriber) => {
    let seed = 1;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const start = Date.UTC(2026, 0, 1);
    for (let round = 0; round < ROUNDS && !subscriber.closed; round++) {
      const time = start + round * 10_000;
      for (let i = 0; i < SERIES; i++) {
        subscriber.next({
          measurement: 'system',
          tags: tags[i]!,
          fields: { cpu_util: 40 + 6 * (random() - 0.5) },
          time,
          source: 'bench',
        });
      }
    }
    subscriber.complete();
  });
}

async function main(): Promise<void> {
  const logger = createLogger({ level: 'silent' });
  const metrics = new Metrics({ processMetrics: false });
  const deps = { logger, metrics };
  const total = SERIES * ROUNDS;
  // The collector's tags objects, one per series, are not part of the measured state.
  const tags = Array.from({ length: SERIES }, (_, i) => ({ device: `r${i}`, site: 'lab' }));
  const before = retainedMemory();
  let scored = 0;
  let atEnd = before;
  const started = process.hrtime.bigint();
  await lastValueFrom(
    samples$(tags).pipe(
      normalize(deps),
      detect(compileRules({ all: rule }), { maxSeries: SERIES * 2, idleExpiryMs: 3_600_000 }, deps),
      tap(() => {
        scored++;
        // Measured at the last score, while the per-series state is alive.
        if (scored === total) atEnd = retainedMemory();
      }),
    ),
    { defaultValue: undefined },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSeries = (bytes: number) => `${Math.round(bytes / SERIES)} B`;
  console.log(
    `series=${SERIES} rounds=${ROUNDS} samples=${total} ` +
      `${Math.round(total / seconds).toLocaleString('en')} samples/s ` +
      `per series: heap ${perSeries(atEnd.heap - before.heap)} + array buffers ${perSeries(atEnd.buffers - before.buffers)}` +
      `${canCollectGarbage ? '' : ' (run with --expose-gc)'}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
