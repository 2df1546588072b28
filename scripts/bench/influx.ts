/*
 * npm run bench:influx — points/s through the influxdb sink into a real
 * VictoriaMetrics (v2 write API) and a real InfluxDB 1.x (v1 write API), next
 * to a plain bulk write of the same lines with curl (batches of the same size,
 * one curl process, over one connection and over 4) in the same run; the
 * ratio is to the faster curl.
 *
 * BENCH_SERVERS=victoriametrics (or influxdb) runs one server only.
 *
 * BENCH_SERIES series (default 10 000) × BENCH_ROUNDS rounds (default 100)
 * samples, one line each (two fields). The sink's time runs from the first
 * record handed to it to close() resolving, with everything stored; the
 * samples are made and handed over in slices, yielding to the event loop
 * between them, as a collector would. Making them is not the sink's work: its
 * time is left out (and they are not all made upfront, which would hold a
 * million objects live through every garbage collection of the sink's run).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Sample, Sink } from '../../src/core';
import { createLogger } from '../../src/observability/logger';
import { Metrics } from '../../src/observability/metrics';
import { StatusBoard } from '../../src/observability/status';
import { sinkConfigSchema } from '../../src/sinks/config';
import { LineProtocolEncoder } from '../../src/sinks/line-protocol';
import { createSink } from '../../src/sinks/registry';
import { InfluxServer, VictoriaMetricsServer } from '../../tests/support/tsdb';

const SERIES = Number(process.env.BENCH_SERIES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const SERVERS = (process.env.BENCH_SERVERS ?? 'victoriametrics,influxdb').split(',');
const BATCH = 5000;
/** Records handed to the sink ahead of what it has written, at most. */
const MAX_AHEAD = 100_000;
const T0 = Date.UTC(2026, 0, 1);
/** Written first and not reported, so that the first variant does not pay for the JIT's warm-up alone. */
const WARMUP_POINTS = Math.min(200_000, SERIES * ROUNDS);

const run = promisify(execFile);

/** Tags objects, one per series, reused round after round as collectors do. */
const seriesTags = [...Array(SERIES).keys()].map((i) => ({
  device: `r${i % 500}`,
  if_name: `Gi0/${Math.floor(i / 500)}`,
}));

/** Samples [from, to) of the run: series i of round r is number r × SERIES + i. */
function samples(measurement: string, from: number, to: number): Sample[] {
  const result: Sample[] = [];
  for (let n = from; n < to; n++) {
    const round = Math.floor(n / SERIES);
    const i = n % SERIES;
    result.push({
      measurement,
      tags: seriesTags[i]!,
      fields: { in_octets_rate: 12_500_000 + ((round * 7919 + i) % 100_000), in_errors: BigInt(round) },
      time: T0 + round * 10_000,
      source: 'bench',
    });
  }
  return result;
}

interface SinkRun {
  seconds: number;
  /** CPU time of this process (all its threads, gzip included) per point: steadier than seconds on a busy machine. */
  cpuMicrosPerPoint: number;
}

async function throughSink(
  config: Record<string, unknown>,
  measurement: string,
  points = SERIES * ROUNDS,
): Promise<SinkRun> {
  const metrics = new Metrics({ processMetrics: false });
  const sink: Sink = createSink(
    'bench',
    sinkConfigSchema.parse({ type: 'influxdb', batch_size: BATCH, buffer_size: 200_000, ...config }),
    { logger: createLogger({ level: 'warn' }), metrics, status: new StatusBoard() },
  );
  await sink.start();
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const written = async () => (await metrics.sinkRecords.get()).values[0]?.value ?? 0;
  let making = 0;
  for (let from = 0; from < points; from += BATCH) {
    // A collector faster than the server would meet the buffer bound; here it waits instead.
    while (from - (await written()) > MAX_AHEAD) await new Promise((resolve) => setTimeout(resolve, 1));
    const makeStarted = performance.now();
    const slice = samples(measurement, from, Math.min(from + BATCH, points));
    making += performance.now() - makeStarted;
    for (const sample of slice) sink.writeSample(sample);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await sink.close(Date.now() + 300_000);
  const seconds = (performance.now() - started - making) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMicrosPerPoint = (cpu.user + cpu.system - making * 1000) / points;
  const stored = await written();
  const dropped = (await metrics.samplesDropped.get()).values.reduce((sum, v) => sum + v.value, 0);
  if (stored !== points || dropped > 0) {
    throw new Error(`sink wrote ${stored} of ${points} points (${dropped} dropped)`);
  }
  return { seconds, cpuMicrosPerPoint };
}

/** What curl took to POST the same lines: one connection, and 4 connections (like the sink's 4 writes in flight). */
interface CurlRun {
  serial: number;
  parallel: number;
}

/**
 * The same lines, pre-encoded into files of BATCH lines, POSTed by one curl
 * process: one at a time over one connection to `urls[0]`, then 4 at a time
 * to `urls[1]` (another database, so that nothing is overwritten).
 */
async function throughCurl(urls: [string, string], measurement: string, dir: string): Promise<CurlRun> {
  const data = samples(measurement, 0, SERIES * ROUNDS);
  const encoder = new LineProtocolEncoder();
  const encodeStarted = performance.now();
  const lines = data.map((s) => encoder.encodeSample(s));
  const encodeSeconds = (performance.now() - encodeStarted) / 1000;
  console.log(
    `  (encoding alone, one core: ${Math.round(lines.length / encodeSeconds).toLocaleString('en')} lines/s)`,
  );
  const files: string[] = [];
  for (let from = 0; from < lines.length; from += BATCH) {
    const file = join(dir, `batch-${files.length}.lp`);
    writeFileSync(file, lines.slice(from, from + BATCH).join('\n'));
    files.push(file);
  }
  const post = async (url: string, options: string[]) => {
    const args = [
      ...options,
      ...files.flatMap((file, n) => [
        ...(n > 0 ? ['--next'] : []),
        '-sS',
        '--fail',
        '--data-binary',
        `@${file}`,
        url,
      ]),
    ];
    const started = performance.now();
    await run('curl', args, { maxBuffer: 64 * 1024 * 1024 });
    return (performance.now() - started) / 1000;
  };
  return {
    serial: await post(urls[0], []),
    parallel: await post(urls[1], ['--parallel', '--parallel-max', '4']),
  };
}

function report(server: string, variant: string, points: number, sink: SinkRun, curl: CurlRun): void {
  const { seconds, cpuMicrosPerPoint } = sink;
  const rate = points / seconds;
  const curlSeconds = Math.min(curl.serial, curl.parallel);
  const curlRate = points / curlSeconds;
  console.log(
    `${server.padEnd(16)} ${variant.padEnd(18)} ${Math.round(rate).toLocaleString('en').padStart(10)} points/s ` +
      `(${seconds.toFixed(2)} s)   curl ${Math.round(curlRate).toLocaleString('en').padStart(10)} points/s ` +
      `(${curlSeconds.toFixed(2)} s, the faster of 1 connection ${curl.serial.toFixed(2)} s, 4 ${curl.parallel.toFixed(2)} s)   ` +
      `sink/curl ${(rate / curlRate).toFixed(2)}   ` +
      `sink CPU ${cpuMicrosPerPoint.toFixed(2)} µs/point`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'noctua-bench-influx-'));
  const vm = new VictoriaMetricsServer();
  const influx = new InfluxServer();
  try {
    await Promise.all([
      SERVERS.includes('victoriametrics') ? vm.start() : undefined,
      SERVERS.includes('influxdb') ? influx.start() : undefined,
    ]);
    const points = SERIES * ROUNDS;
    console.log(
      `${points.toLocaleString('en')} points (${SERIES} series × ${ROUNDS} rounds), batches of ${BATCH}`,
    );

    const variants: Variants = [
      ['defaults', {}],
      ['1 in flight, gzip', { max_in_flight: 1, gzip: true }],
      ['4 in flight, gzip', { max_in_flight: 4, gzip: true }],
      ['4 in flight, plain', { max_in_flight: 4, gzip: false }],
    ];
    if (SERVERS.includes('victoriametrics')) await victoriaMetrics(vm, variants, points, dir);
    if (SERVERS.includes('influxdb')) await influxDb(influx, variants, points, dir);
  } finally {
    await Promise.all([vm.remove(), influx.remove()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

type Variants = Array<[string, Record<string, unknown>]>;

async function victoriaMetrics(vm: VictoriaMetricsServer, variants: Variants, points: number, dir: string) {
  const v2 = { api: 'v2', url: vm.url, org: 'noc', bucket: 'bench', token: 'bench' };
  const vmCurl = await throughCurl(
    [
      `${vm.url}/api/v2/write?org=noc&bucket=curl1&precision=ms`,
      `${vm.url}/api/v2/write?org=noc&bucket=curl4&precision=ms`,
    ],
    'curl',
    dir,
  );
  await throughSink(v2, 'warmup', WARMUP_POINTS);
  for (const [name, options] of variants) {
    report('VictoriaMetrics', name, points, await throughSink({ ...v2, ...options }, 'sink'), vmCurl);
  }
}

async function influxDb(influx: InfluxServer, variants: Variants, points: number, dir: string) {
  const databases = ['curl1', 'curl4', 'warmup', ...variants.map((_, i) => `sink${i}`)];
  for (const db of databases) await influx.createDatabase(db);
  await throughSink({ api: 'v1', url: influx.url, database: 'warmup' }, 'warmup', WARMUP_POINTS);
  const influxCurl = await throughCurl(
    [`${influx.url}/write?db=curl1&precision=ms`, `${influx.url}/write?db=curl4&precision=ms`],
    'interface',
    dir,
  );
  for (const [i, [name, options]] of variants.entries()) {
    const v1 = { api: 'v1', url: influx.url, database: `sink${i}` };
    report('InfluxDB 1.6', name, points, await throughSink({ ...v1, ...options }, 'interface'), influxCurl);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
