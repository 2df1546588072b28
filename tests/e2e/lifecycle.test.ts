import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logLines, metricValue, type Running, startCli, waitFor } from '../support/process';

/*
 * The service as a user runs it: the built CLI with a config file, stopped by
 * SIGTERM. Every sample counted as received before the signal must be in the
 * file sink afterwards.
 */

let dir: string;
const running: Running[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'noctua-e2e-'));
});

afterEach(() => {
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(extra = ''): string {
  const path = join(dir, 'noctua.yaml');
  writeFileSync(
    path,
    `
service:
  log_level: info
  http: { listen: 127.0.0.1:0 }
  shutdown_timeout: 10s
${extra}
collectors:
  lab:
    type: synthetic
    interval: 10ms
    seed: 7
    devices: { count: 20, prefix: r }
    series:
      cpu: { measurement: system, field: cpu_util, baseline: 30, noise: 2 }
      traffic: { measurement: interface, field: in_octets, kind: counter64, baseline: 1000000, noise: 1000, tags: { if_name: eth0 } }
sinks:
  file:
    type: file
    path: ${join(dir, 'data', 'noctua.lp')}
    batch_size: 500
    flush_interval: 200ms
rules:
  everything:
    detector: { type: zscore, window: 30, min_points: 10 }
`,
  );
  return path;
}

function start(args: string[]): Running {
  const r = startCli(args, { cwd: dir });
  running.push(r);
  return r;
}

async function listeningPort(r: Running): Promise<number> {
  return waitFor(
    async () => {
      const line = logLines(r.stderr()).find((l) => l.msg === 'http server listening');
      return line ? Number(String(line.address).split(':').pop()) : undefined;
    },
    15_000,
    'the http server',
  );
}

test('serves metrics, stops on SIGTERM with exit 0 and loses no sample', async () => {
  const service = start(['run', '-c', writeConfig()]);
  const port = await listeningPort(service);
  const base = `http://127.0.0.1:${port}`;

  await waitFor(async () => ((await fetch(`${base}/readyz`)).ok ? true : undefined), 10_000, '/readyz');
  const received = await waitFor(
    async () => {
      const value = metricValue(
        await (await fetch(`${base}/metrics`)).text(),
        'noctua_samples_received_total',
      );
      return value > 2000 ? value : undefined;
    },
    15_000,
    'samples to arrive',
  );
  expect(received).toBeGreaterThan(2000);
  const status = (await (await fetch(`${base}/api/status`)).json()) as {
    components: Array<{ kind: string }>;
  };
  expect(status.components.map((c) => c.kind)).toEqual(expect.arrayContaining(['collector', 'sink']));
  expect((await fetch(`${base}/healthz`)).status).toBe(200);

  const stoppedAt = Date.now();
  service.child.kill('SIGTERM');
  expect(await service.exited).toBe(0);
  expect(Date.now() - stoppedAt).toBeLessThan(10_000);

  const stopped = logLines(service.stderr()).find((l) => l.msg === 'stopped');
  expect(stopped).toMatchObject({ clean: true });
  const lines = readFileSync(join(dir, 'data', 'noctua.lp'), 'utf8')
    .trim()
    .split('\n');
  // Everything but scores and anomaly events (noctua_score, noctua_event) is a sample.
  const samples = lines.filter((l) => !l.startsWith('noctua_'));
  expect(samples.length).toBe(stopped!.samplesReceived);
  expect(lines.some((l) => l.startsWith('noctua_score'))).toBe(true);

  // No gaps: every series has one line per 10 ms round from its first to its last.
  const times = new Map<string, number[]>();
  for (const line of samples) {
    const series = line.slice(0, line.indexOf(' '));
    const time = Number(line.slice(line.lastIndexOf(' ') + 1));
    times.set(series, [...(times.get(series) ?? []), time]);
  }
  expect(times.size).toBe(40);
  for (const series of times.values()) {
    series.sort((a, b) => a - b);
    expect((series.at(-1)! - series[0]!) / 10 + 1).toBe(series.length);
  }
}, 60_000);

test('a second instance with the same pid file is refused', async () => {
  const config = writeConfig(`  pid_file: ${join(dir, 'noctua.pid')}`);
  const first = start(['run', '-c', config]);
  await listeningPort(first);
  const second = start(['run', '-c', config]);
  expect(await second.exited).toBe(4);
  expect(second.stderr()).toContain('another noctua instance is running');
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
}, 60_000);

test('a second signal exits at once', async () => {
  const service = start(['run', '-c', writeConfig()]);
  await listeningPort(service);
  service.child.kill('SIGINT');
  service.child.kill('SIGINT');
  expect([0, 130]).toContain(await service.exited);
}, 30_000);
