/*
 * npm run bench:mdt — a router (scripts/peers/mdt_dialout.py, python3-grpcio)
 * dials out to Noctua's MDT collector and streams self-describing kvGPB
 * Telemetry messages of ROWS interface rows (7 content leaves each, 6 of them
 * numeric) as fast as it builds them; normalise → detect (z-score on every
 * numeric field) runs as in the service. Prints rows and fields per second
 * and per CPU-second of Noctua's process: the Python peer, which builds every
 * message anew, is the slower side, so the rate per second is mostly its own
 * and the rate per CPU-second is Noctua's.
 *
 * It measures the compiled dist/ (see from-dist.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tap } from 'rxjs';
import {
  benchDeps,
  compileRules,
  createCollector,
  detect,
  detectionLimits,
  normalize,
  parseConfigText,
} from './from-dist';
import { loadLine, measureWindow, windowLine } from './stream-window';

const ROWS = Number(process.env.BENCH_ROWS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_SECONDS = 3;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

function startRouter(port: number): ChildProcess {
  const script = join(__dirname, '..', 'peers', 'mdt_dialout.py');
  const args = [
    '--target',
    `127.0.0.1:${port}`,
    '--count',
    '0',
    '--interval',
    '0',
    '--interfaces',
    String(ROWS),
  ];
  return spawn('/usr/bin/python3', [script, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function main(): Promise<void> {
  const port = await freePort();
  const cfg = parseConfigText(
    `
collectors:
  bench: { type: mdt, listen: "127.0.0.1:${port}" }
detection: { max_series: 100000 }
rules:
  all: { detector: { type: zscore, window: 60, min_points: 20 } }
`,
    'bench.yaml',
  ).config;
  const deps = benchDeps();
  let rows = 0;
  let fieldsPerRow = 0;
  let scores = 0;
  const subscription = createCollector('bench', cfg.collectors.bench!, deps)
    .samples$()
    .pipe(
      tap((sample) => {
        rows++;
        fieldsPerRow ||= Object.keys(sample.fields).length;
      }),
      normalize(deps),
      detect(compileRules(cfg.rules), detectionLimits(cfg), deps),
    )
    .subscribe(() => {
      scores++;
    });
  const router = startRouter(port);
  try {
    console.log(`MDT bench: ${ROWS} rows per message, ${SECONDS} s per run`);
    let startScores: number | undefined;
    const window = await measureWindow(
      () => {
        startScores ??= scores;
        return rows;
      },
      WARMUP_SECONDS,
      SECONDS,
    );
    const fields = { ...window, counted: window.counted * fieldsPerRow };
    const label = 'decode → normalise → detect';
    console.log(windowLine(label, 'rows', window, `scores=${(scores - startScores!).toLocaleString('en')}`));
    console.log(windowLine(`same, fields (${fieldsPerRow} per row)`, 'fields', fields));
    console.log(loadLine());
  } finally {
    router.kill('SIGTERM');
    subscription.unsubscribe();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
