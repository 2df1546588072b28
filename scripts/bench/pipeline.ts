/*
 * npm run bench:pipeline — the synthetic collector at full speed through
 * normalise → counter→rate → detect, into nothing or into the file sink, at
 * 10 k and 100 k series. Prints samples/s, CPU, heap per series and RSS.
 * Target (2-core box): >= 500 k samples/s with 100 k series, <= 1 KB heap per
 * series of detector state.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, type Observable, tap } from 'rxjs';
import { compileRules } from '../../src/alerting/rule-matcher';
import { detectionLimits } from '../../src/app';
import { createCollector } from '../../src/collectors/registry';
import { parseConfigText } from '../../src/config/load';
import type { Sample, Score, Sink } from '../../src/core';
import { createLogger } from '../../src/observability/logger';
import { Metrics } from '../../src/observability/metrics';
import { StatusBoard } from '../../src/observability/status';
import { detect } from '../../src/pipeline/detect';
import { normalize } from '../../src/pipeline/normalize';
import { counterToRate } from '../../src/pipeline/rate';
import { createSink } from '../../src/sinks/registry';
import { canCollectGarbage, retainedBytes } from './memory';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

function config(series: number, sinkPath: string) {
  return parseConfigText(
    `
collectors:
  bench:
    type: synthetic
    pace: max
    rounds: ${ROUNDS}
    interval: 10s
    start_time: "2026-01-01T00:00:00Z"
    devices: { count: ${series}, prefix: r }
    series:
      cpu: { measurement: system, field: cpu_util, baseline: 40, noise: 3 }
sinks:
  file: { type: file, path: ${sinkPath}, data: [samples, scores], rotate_size: 0, buffer_size: 1000000 }
detection: { max_series: ${series * 2} }
rules:
  all: { detector: { type: zscore, window: 60, min_points: 20 } }
`,
    'bench.yaml',
  ).config;
}

async function run(series: number, withSink: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'noctua-bench-'));
  const cfg = config(series, join(dir, 'out.lp'));
  const logger = createLogger({ level: 'silent' });
  const metrics = new Metrics({ processMetrics: false });
  const status = new StatusBoard();
  const deps = { logger, metrics, status };
  const collector = createCollector('bench', cfg.collectors.bench!, deps);
  let sink: Sink | undefined;
  if (withSink) {
    sink = createSink('file', cfg.sinks.file!, deps);
    await sink.start();
  }
  const total = series * ROUNDS;
  const before = retainedBytes();
  let heapAtEnd = before;
  let scored = 0;
  const samples$: Observable<Sample> = collector.samples$().pipe(
    normalize(deps),
    counterToRate(detectionLimits(cfg), deps),
    tap((sample) => sink?.writeSample(sample)),
  );
  const scores$: Observable<Score> = samples$.pipe(
    detect(compileRules(cfg.rules), detectionLimits(cfg), deps),
  );
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await lastValueFrom(
    scores$.pipe(
      tap((score) => {
        scored++;
        sink?.writeScore(score);
        // Measured while the per-series state is still alive, at the last score.
        if (scored === total) heapAtEnd = retainedBytes();
      }),
    ),
    { defaultValue: undefined },
  );
  if (sink) await sink.close(Date.now() + 60_000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const heapPerSeries = (heapAtEnd - before) / series;
  console.log(
    [
      `series=${series.toLocaleString('en')}`.padEnd(16),
      `sink=${withSink ? 'file' : 'none'}`.padEnd(10),
      `samples=${total.toLocaleString('en')}`.padEnd(20),
      `${Math.round(total / seconds).toLocaleString('en')} samples/s`.padEnd(22),
      `cpu=${((used.user + used.system) / 1e6 / seconds).toFixed(2)} cores`.padEnd(16),
      (withSink ? 'heap/series=(buffers)' : `heap/series=${Math.round(heapPerSeries)} B`).padEnd(22),
      `rss=${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
      `scores=${scored.toLocaleString('en')}`,
      `dropped=${await dropped(metrics)}`,
    ].join(' '),
  );
  rmSync(dir, { recursive: true, force: true });
}

async function dropped(metrics: Metrics): Promise<number> {
  const { values } = await metrics.samplesDropped.get();
  return values.reduce((sum, entry) => sum + entry.value, 0);
}

async function main(): Promise<void> {
  if (!canCollectGarbage) console.log('note: run with node --expose-gc for exact heap figures');
  console.log(`pipeline benchmark: ${ROUNDS} rounds per run, zscore window 60, node ${process.version}`);
  for (const series of [10_000, 100_000]) {
    await run(series, false);
    await run(series, true);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
