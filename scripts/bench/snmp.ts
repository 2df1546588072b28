/*
 * npm run bench:snmp — one poll of the ifXTable (1.3.6.1.2.1.31.1.1, every
 * column) of a real Debian snmpd serving 501 interfaces (250 veth pairs in a
 * network namespace made for the run; needs root), timed for:
 *   - Noctua's SNMP collector (v2c; and v3 authPriv),
 *   - snmpbulkwalk on the same subtree (a process per poll, as a cron job would),
 *   - prometheus-snmp-exporter walking the same subtree (one HTTP scrape).
 * All in the same run, at the same max-repetitions (BENCH_MAX_REP, default 50),
 * BENCH_ROUNDS rounds (default 20, after 3 warm-up rounds), each polling once with
 * every client in turn so that a noisy machine weighs on all alike; prints medians and p90s.
 * The measuring part runs inside the namespace (the script re-runs itself there).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { lastValueFrom, toArray } from 'rxjs';
import { collectorConfigSchema } from '../../src/collectors/config';
import { createCollector } from '../../src/collectors/registry';
import { createLogger } from '../../src/observability/logger';
import { Metrics } from '../../src/observability/metrics';
import { StatusBoard } from '../../src/observability/status';
import { COMMUNITY, createNamespace, startSnmpd, USERS } from '../../tests/support/snmp';

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const MAX_REP = Number(process.env.BENCH_MAX_REP ?? 50);
const PAIRS = 250;
const IFX_TABLE = '1.3.6.1.2.1.31.1.1';
const IFX_COLUMNS = Array.from({ length: 19 }, (_, i) => `${IFX_TABLE}.1.${i + 1}`);

interface Timing {
  readonly label: string;
  readonly ms: number[];
  varbinds: number;
}

type Poll = () => Promise<number>;

/**
 * Round-robin: each round polls with every client in turn, so that the load
 * of a shared machine weighs on all of them alike. 3 warm-up rounds first.
 */
async function timeInterleaved(clients: ReadonlyArray<readonly [string, Poll]>): Promise<Timing[]> {
  const timings: Timing[] = clients.map(([label]) => ({ label, ms: [], varbinds: 0 }));
  for (let round = -3; round < ROUNDS; round++) {
    for (const [i, [, poll]] of clients.entries()) {
      const started = performance.now();
      const varbinds = await poll();
      if (round < 0) continue;
      timings[i]!.ms.push(performance.now() - started);
      timings[i]!.varbinds = varbinds;
    }
  }
  for (const timing of timings) timing.ms.sort((a, b) => a - b);
  return timings;
}

const median = (ms: number[]) => ms[Math.floor(ms.length / 2)]!;
const p90 = (ms: number[]) => ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.9))]!;

function noctuaPoll(port: number, agent: Record<string, unknown>) {
  const config = collectorConfigSchema.parse({
    type: 'snmp',
    max_repetitions: MAX_REP,
    object_sets: [],
    tables: [
      {
        measurement: 'ifx',
        index_tag: 'ifIndex',
        columns: IFX_COLUMNS.map((oid, i) => ({ name: `c${i + 1}`, oid })),
      },
    ],
    agents: { bench: { host: '127.0.0.1', port, ...agent } },
  });
  const collector = createCollector('bench', config, {
    logger: createLogger({ level: 'silent' }),
    metrics: new Metrics({ processMetrics: false }),
    status: new StatusBoard(),
  });
  return async () => {
    const samples = await lastValueFrom(collector.samples$({ once: true }).pipe(toArray()));
    let values = 0;
    for (const sample of samples) values += Object.keys(sample.fields).length;
    return values;
  };
}

async function bulkwalkPoll(port: number): Promise<number> {
  const { stdout } = await run(
    'snmpbulkwalk',
    ['-v2c', '-c', COMMUNITY, `-Cr${MAX_REP}`, '-On', `127.0.0.1:${port}`, IFX_TABLE],
    { env: { ...process.env, MIBS: '' }, maxBuffer: 64 << 20 },
  );
  return stdout.split('\n').filter((line) => line !== '').length;
}

/** prometheus-snmp-exporter with a generated module walking the same subtree; undefined when it cannot run. */
async function startExporter(
  port: number,
  dir: string,
): Promise<{ scrape: () => Promise<number>; stop(): void }> {
  const mibs = join(dir, 'mibs');
  await run('cp', ['-r', join(dirname(require.resolve('net-snmp')), 'lib', 'mibs'), mibs]);
  writeFileSync(
    join(dir, 'generator.yml'),
    `modules:\n  ifx:\n    version: 2\n    max_repetitions: ${MAX_REP}\n    retries: 0\n    timeout: 5s\n    auth: {community: ${COMMUNITY}}\n    walk: [ifXTable]\n`,
  );
  await run('prometheus-snmp-generator', ['generate'], { cwd: dir, env: { ...process.env, MIBDIRS: mibs } });
  const listen = `127.0.0.1:${20000 + Math.floor(Math.random() * 30000)}`;
  const exporter = spawn(
    'prometheus-snmp-exporter',
    [`--config.file=${join(dir, 'snmp.yml')}`, `--web.listen-address=${listen}`, '--log.level=warn'],
    { stdio: 'ignore' },
  );
  const url = `http://${listen}/snmp?target=127.0.0.1:${port}&module=ifx`;
  const scrape = async () => {
    const text = await (await fetch(url)).text();
    const returned = /^snmp_scrape_pdus_returned (\d+)/m.exec(text);
    if (returned === null) throw new Error(`exporter answered without pdus: ${text.slice(0, 200)}`);
    return Number(returned[1]);
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await scrape();
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { scrape, stop: () => exporter.kill() };
}

/** Runs inside the namespace: every client against the snmpd on `port`. */
async function measure(port: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'noctua-bench-snmp-'));
  const clients: Array<readonly [string, Poll]> = [
    ['noctua v2c', noctuaPoll(port, { community: COMMUNITY })],
    ['snmpbulkwalk v2c (process per poll)', () => bulkwalkPoll(port)],
    [
      'noctua v3 authPriv SHA/AES',
      noctuaPoll(port, {
        version: '3',
        user: { name: USERS.authPriv.name, auth_key: USERS.authPriv.auth, priv_key: USERS.authPriv.priv },
      }),
    ],
  ];
  let exporter: Awaited<ReturnType<typeof startExporter>> | undefined;
  let timings: Timing[];
  try {
    try {
      exporter = await startExporter(port, dir);
      clients.push(['prometheus-snmp-exporter v2c (scrape)', exporter.scrape]);
    } catch (error) {
      console.log(`prometheus-snmp-exporter skipped: ${(error as Error).message.split('\n')[0]}`);
    }
    timings = await timeInterleaved(clients);
  } finally {
    exporter?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nifXTable of ${2 * PAIRS + 1} interfaces, max-repetitions ${MAX_REP}, ${ROUNDS} polls each:`);
  console.log(
    `${'client'.padEnd(42)}${'values'.padStart(8)}${'median ms'.padStart(11)}${'p90 ms'.padStart(9)}`,
  );
  for (const t of timings) {
    console.log(
      `${t.label.padEnd(42)}${String(t.varbinds).padStart(8)}${median(t.ms).toFixed(1).padStart(11)}${p90(t.ms).toFixed(1).padStart(9)}`,
    );
  }
  const noctua = median(timings[0]!.ms);
  const walk = median(timings[1]!.ms);
  console.log(`\nratio noctua / snmpbulkwalk (median, v2c): ${(noctua / walk).toFixed(2)} (target <= 1.5)`);
}

async function main(): Promise<void> {
  const inside = process.argv.indexOf('--inside-port');
  if (inside >= 0) return measure(Number(process.argv[inside + 1]));
  const namespace = await createNamespace(PAIRS);
  try {
    const snmpd = await startSnmpd({ netns: namespace.name, sysName: 'bench' });
    try {
      const child = spawn(
        'ip',
        [
          'netns',
          'exec',
          namespace.name,
          process.execPath,
          ...process.execArgv,
          __filename,
          '--inside-port',
          String(snmpd.port),
        ],
        { stdio: 'inherit' },
      );
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) process.exitCode = 1;
    } finally {
      await snmpd.stop();
    }
  } finally {
    await namespace.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
