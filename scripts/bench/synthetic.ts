/*
 * npx tsx scripts/bench/synthetic.ts — the synthetic collector alone with pace
 * max: samples/s it emits into a subscriber that only counts them, for
 * BENCH_DEVICES devices (default 100 000) × one gauge series, BENCH_ROUNDS
 * rounds (default 20).
 */
import { lastValueFrom, tap } from 'rxjs';
import { createCollector } from '../../src/collectors/registry';
import { syntheticConfigSchema } from '../../src/collectors/synthetic/config';
import { createLogger } from '../../src/observability/logger';
import { Metrics } from '../../src/observability/metrics';
import { StatusBoard } from '../../src/observability/status';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

async function main(): Promise<void> {
  const config = syntheticConfigSchema.parse({
    type: 'synthetic',
    pace: 'max',
    rounds: ROUNDS,
    interval: '10s',
    start_time: '2026-01-01T00:00:00Z',
    devices: { count: DEVICES, prefix: 'r' },
    series: {
      cpu: {
        measurement: 'system',
        field: 'cpu_util',
        baseline: 40,
        noise: 3,
        seasonality: { amplitude: 5 },
      },
    },
  });
  const deps = {
    logger: createLogger({ level: 'silent' }),
    metrics: new Metrics(),
    status: new StatusBoard(),
  };
  const collector = createCollector('bench', config, deps);
  let count = 0;
  const started = process.hrtime.bigint();
  await lastValueFrom(collector.samples$().pipe(tap(() => count++)), { defaultValue: undefined });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${count} samples (${DEVICES} series × ${ROUNDS} rounds) in ${seconds.toFixed(2)} s: ` +
      `${Math.round(count / seconds).toLocaleString('en')} samples/s, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
