import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logLines, type Running, startCli, waitFor } from '../../support/process';
import { InfluxServer } from '../../support/tsdb';

/*
 * An InfluxDB outage with a Noctua restart in the middle, through the built
 * CLI: InfluxDB stops while Noctua writes; Noctua is stopped and started
 * again during the outage; InfluxDB comes back. A file sink in the same
 * config receives the same records and is the reference: every record must
 * be in InfluxDB (counts and sums per measurement and field), and the sink
 * must have written exactly as many records as the file holds (no duplicate
 * delivery).
 */

const influx = new InfluxServer();
const dir = mkdtempSync(join(tmpdir(), 'noctua-outage-'));
const running: Running[] = [];
const reference = join(dir, 'reference.lp');

beforeAll(async () => {
  await influx.start();
  await influx.createDatabase('outage');
}, 30_000);

afterAll(async () => {
  for (const r of running) r.child.kill('SIGKILL');
  await influx.remove();
  rmSync(dir, { recursive: true, force: true });
});

function config(): string {
  const path = join(dir, 'noctua.yaml');
  writeFileSync(
    path,
    `
service:
  log_level: info
  http: { enabled: false }
  shutdown_timeout: 6s
collectors:
  lab:
    type: synthetic
    interval: 20ms
    seed: 11
    devices: { count: 10, prefix: r }
    series:
      cpu: { measurement: system, field: cpu_util, baseline: 30, noise: 2 }
      traffic: { measurement: interface, field: in_octets, kind: counter64, baseline: 1000000, noise: 1000, tags: { if_name: eth0 } }
sinks:
  reference:
    type: file
    path: ${reference}
    data: [samples, scores]
    batch_size: 500
    flush_interval: 100ms
  influx:
    type: influxdb
    api: v1
    url: ${influx.url}
    database: outage
    data: [samples, scores]
    batch_size: 500
    flush_interval: 100ms
    timeout: 2s
    retry: { initial: 50ms, max: 400ms }
    spool: { dir: ${join(dir, 'spool')}, segment_size: 64KiB }
rules:
  everything:
    detector: { type: zscore, window: 30, min_points: 10 }
`,
  );
  return path;
}

function start(path: string): Running {
  const r = startCli(['run', '-c', path], { cwd: dir });
  running.push(r);
  return r;
}

const hasLog = (r: Running, msg: string) => () =>
  Promise.resolve(logLines(r.stderr()).some((l) => l.msg === msg) ? true : undefined);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stop(r: Running): Promise<number> {
  r.child.kill('SIGTERM');
  const code = await r.exited;
  const closed = logLines(r.stderr()).find((l) => l.msg === 'sink closed' && l.name === 'influx');
  expect({ code, closed: closed !== undefined }).toEqual({ code: 0, closed: true });
  return Number(closed!.records_written);
}

/** Count and sum of every numeric field, by measurement and field, of line protocol without escapes or strings. */
function totals(lines: string[]): Map<string, { count: number; sum: number }> {
  const result = new Map<string, { count: number; sum: number }>();
  for (const line of lines) {
    const [series, fields] = line.split(' ');
    const measurement = series!.split(',')[0]!;
    for (const pair of fields!.split(',')) {
      const [field, raw] = pair.split('=');
      const entry = result.get(`${measurement} ${field}`) ?? { count: 0, sum: 0 };
      entry.count++;
      entry.sum += Number(raw!.replace(/[iu]$/, ''));
      result.set(`${measurement} ${field}`, entry);
    }
  }
  return result;
}

test('an outage with a restart in the middle loses nothing and writes nothing twice', async () => {
  const path = config();
  const first = start(path);
  await waitFor(
    async () =>
      (await influx.query('SELECT count(cpu_util) FROM system', 'outage')).length > 0 ? true : undefined,
    15_000,
    'first points',
  );

  await influx.stop(); // the outage starts
  await waitFor(hasLog(first, 'sink write failed, will retry'), 10_000, 'a failed write');
  await sleep(500);
  const writtenFirst = await stop(first);
  expect(logLines(first.stderr())).toContainEqual(
    expect.objectContaining({ msg: 'records not yet written stay in the spool for the next start' }),
  );

  const second = start(path); // restarted during the outage
  await waitFor(
    hasLog(second, 'spool holds records from an earlier run; they are written first'),
    10_000,
    'spool reopened',
  );
  await waitFor(hasLog(second, 'sink write failed, will retry'), 10_000, 'a failed write after the restart');
  await sleep(500);
  await influx.start(); // same port and data: the server is back
  await waitFor(hasLog(second, 'sink write succeeded again'), 15_000, 'the spool draining');
  await sleep(700); // new data keeps flowing
  const writtenSecond = await stop(second);

  const lines = readFileSync(reference, 'utf8').trimEnd().split('\n');
  expect(writtenFirst).toBeGreaterThan(0);
  expect(writtenFirst + writtenSecond).toBe(lines.length);
  const expected = totals(lines);
  expect(expected.size).toBeGreaterThanOrEqual(4);
  for (const [key, { count, sum }] of expected) {
    const [measurement, field] = key.split(' ');
    const [series] = await influx.query(
      `SELECT count("${field}"), sum("${field}") FROM "${measurement}"`,
      'outage',
    );
    const [, storedCount, storedSum] = series!.values[0] as [number, number, number];
    expect({ key, count: storedCount }).toEqual({ key, count });
    // Float sums differ in the last bits with the order of addition.
    expect({ key, sum: Math.abs(storedSum - sum) <= 1e-9 * Math.max(1, Math.abs(sum)) }).toEqual({
      key,
      sum: true,
    });
  }
}, 90_000);
