/*
 * npm run bench:gnmi — a gNMI target (scripts/peers/gnmi_target.py --bench,
 * python3-grpcio) streams pre-encoded Notifications of 100 PROTO updates each
 * as fast as the stream takes them; Noctua's gNMI collector decodes and maps
 * them, then normalise → detect (z-score on every field) runs as in the
 * service. Prints updates/s, the CPU Noctua's process used, and updates per
 * CPU-second (the figure that does not depend on how fast the Python peer
 * can send). Target: >= 1 M updates/s on one core.
 *
 * It measures the compiled dist/ (see from-dist.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type Observable, tap } from 'rxjs';
import type { Sample } from '../../src/core';
import {
  benchDeps,
  compileRules,
  createCollector,
  detect,
  detectionLimits,
  fromDist,
  normalize,
  parseConfigText,
} from './from-dist';
import { loadLine, measureWindow, windowLine } from './stream-window';

const { loadProtos } = fromDist<typeof import('../../src/collectors/protos')>('collectors/protos');
const { SampleMapper } =
  fromDist<typeof import('../../src/collectors/gnmi/mapper')>('collectors/gnmi/mapper');
const { SubscribeResponseDecoder } =
  fromDist<typeof import('../../src/collectors/gnmi/decoder')>('collectors/gnmi/decoder');

const UPDATES_PER_NOTIFICATION = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_SECONDS = 2;

function startTarget(): Promise<{ child: ChildProcess; port: number }> {
  const script = join(__dirname, '..', 'peers', 'gnmi_target.py');
  const child = spawn(
    '/usr/bin/python3',
    [script, '--port', '0', '--bench', String(UPDATES_PER_NOTIFICATION)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`target exited with ${code}`)));
  });
}

function config(port: number) {
  return parseConfigText(
    `
collectors:
  bench:
    type: gnmi
    targets: { r1: { address: "127.0.0.1:${port}" } }
    encoding: proto
    subscriptions:
      counters: { path: "/interfaces/interface[name=eth0]/state/counters", sample_interval: 1s }
detection: { max_series: 10000 }
rules:
  all: { detector: { type: zscore, window: 60, min_points: 20 } }
`,
    'bench.yaml',
  ).config;
}

async function measure(label: string, port: number, withDetection: boolean): Promise<void> {
  const cfg = config(port);
  const deps = benchDeps();
  const collector = createCollector('bench', cfg.collectors.bench!, deps);
  let scores = 0;
  const updates = async () =>
    (await deps.metrics.grpcUpdates.get()).values.reduce((sum, v) => sum + v.value, 0);
  const samples$: Observable<Sample> = collector.samples$().pipe(normalize(deps));
  const out$: Observable<unknown> = withDetection
    ? samples$.pipe(
        detect(compileRules(cfg.rules), detectionLimits(cfg), deps),
        tap(() => {
          scores++;
        }),
      )
    : samples$;
  const subscription = out$.subscribe();
  let startScores: number | undefined;
  const window = await measureWindow(
    () => {
      startScores ??= scores;
      return updates();
    },
    WARMUP_SECONDS,
    SECONDS,
  );
  subscription.unsubscribe();
  const scored = withDetection ? `scores=${(scores - startScores!).toLocaleString('en')}` : '';
  console.log(windowLine(label, 'updates', window, scored));
}

/** The decoder alone on one pre-encoded message, in a loop: no gRPC, no peer. */
function decodeOnly(): void {
  const type = loadProtos(['gnmi.proto']).lookupType('gnmi.SubscribeResponse');
  const update = Array.from({ length: UPDATES_PER_NOTIFICATION }, (_, u) => ({
    path: { elem: [{ name: `c${u}` }] },
    val: { uint_val: 1000 + u },
  }));
  const prefix = {
    elem: [{ name: 'interfaces' }, { name: 'interface', key: { name: 'eth0' } }, { name: 'state' }],
  };
  const message = type
    .encode(type.fromObject({ update: { timestamp: Date.now() * 1e6, prefix, update } }))
    .finish();
  const bytes = Buffer.from(message);
  const mapper = new SampleMapper({ collector: 'bench', target: 'r1', rules: [], maxSeries: 1000 });
  const decoder = new SubscribeResponseDecoder(mapper, Date.now);
  let updates = 0;
  const run = (messages: number) => {
    for (let i = 0; i < messages; i++) {
      const result = decoder.decode(
        bytes,
        () => {},
        () => {},
      );
      if (result.kind === 'update') updates += result.updates;
    }
  };
  run(50_000);
  updates = 0;
  const started = process.hrtime.bigint();
  run(200_000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${'decode → map (in-process, no gRPC)'.padEnd(34)} ${Math.round(updates / seconds).toLocaleString('en')} updates/s on one core`,
  );
}

async function main(): Promise<void> {
  const { child, port } = await startTarget();
  try {
    console.log(`gNMI bench: ${UPDATES_PER_NOTIFICATION} updates per notification, ${SECONDS} s per run`);
    decodeOnly();
    await measure('decode → map → normalise', port, false);
    await measure('decode → map → normalise → detect', port, true);
    console.log(loadLine());
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
