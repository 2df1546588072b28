import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { collectorConfigSchema } from '../../src/collectors/config';
import { createCollector } from '../../src/collectors/registry';
import type { Sample } from '../../src/core';
import { Metrics } from '../../src/observability/metrics';
import { StatusBoard } from '../../src/observability/status';
import { generatePythonMessages, makeCertificates, type Peer, startGnmiTarget } from '../support/grpc-peers';
import { captureLogger, metricValue } from '../support/observability';
import { runCli, waitFor } from '../support/process';

jest.setTimeout(60_000);

let messages: ReturnType<typeof generatePythonMessages>;
let dir: string;
const peers: Peer[] = [];

beforeAll(() => {
  messages = generatePythonMessages();
  dir = mkdtempSync(join(tmpdir(), 'noctua-gnmi-'));
});

afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop()));
});

afterAll(() => {
  messages.remove();
  rmSync(dir, { recursive: true, force: true });
});

async function target(...args: string[]): Promise<{ peer: Peer; log: string }> {
  const log = join(dir, `requests-${peers.length}-${Date.now()}.jsonl`);
  const peer = await startGnmiTarget(messages.dir, ['--log', log, ...args]);
  peers.push(peer);
  return { peer, log };
}

function requests(log: string): Array<Record<string, unknown>> {
  try {
    return readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

const SUBSCRIPTIONS = {
  ifcounters: { path: '/interfaces/interface[name=*]/state/counters', sample_interval: '100ms' },
  system: { path: '/system/state', mode: 'on_change', heartbeat_interval: '1s' },
};

function collector(port: number, extra: Record<string, unknown> = {}) {
  const { logger, lines } = captureLogger('info');
  const metrics = new Metrics({ processMetrics: false });
  const status = new StatusBoard();
  const config = collectorConfigSchema.parse({
    type: 'gnmi',
    targets: { r1: { address: `127.0.0.1:${port}` } },
    subscriptions: SUBSCRIPTIONS,
    encoding: 'proto',
    backoff: { initial: '100ms', max: '400ms' },
    inactivity_timeout: '5s',
    ...extra,
  });
  const built = createCollector('lab', config, { logger, metrics, status });
  return { collector: built, lines, metrics, status };
}

/** Subscribes until `done` holds for the samples so far, then unsubscribes. */
async function collectUntil(
  built: ReturnType<typeof collector>,
  done: (samples: Sample[]) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const subscription = built.collector.samples$().subscribe((s) => samples.push(s));
  try {
    await waitFor(async () => (done(samples) ? true : undefined), timeoutMs, what);
  } finally {
    subscription.unsubscribe();
  }
  return samples;
}

const labels = { collector: 'lab', target: 'r1' };

test('STREAM with PROTO encoding: typed values, sync_response, capabilities and per-target status', async () => {
  const { peer, log } = await target();
  const built = collector(peer.port);
  const samples = await collectUntil(
    built,
    (s) =>
      s.filter((x) => x.measurement === 'ifcounters').length >= 6 &&
      built.status.get('gnmi_target', 'lab/r1')?.details?.sync_received === true,
    'three rounds of counters',
  );
  const first = samples.find((s) => s.measurement === 'ifcounters' && s.tags.name === 'eth1')!;
  expect(first.tags).toEqual({ source: 'r1', name: 'eth1' });
  expect(first.fields).toMatchObject({ 'in-octets': 2000, 'out-octets': 1000, 'in-errors': 0 });
  expect(first.fields.huge).toBe(2n ** 63n + 5n); // uint64 beyond 2^53 stays exact
  expect(typeof first.timeNs).toBe('bigint');
  expect(first.time).toBe(Number(first.timeNs! / 1_000_000n));
  const system = samples.find((s) => s.measurement === 'system')!;
  expect(system.fields).toEqual({
    hostname: 'py-target',
    load: 12.34,
    temperature: 40.5,
    'dns-search': 'a.example,b.example',
  });
  expect(system.tags).toEqual({ source: 'r1' });
  // Each interface is one sample per notification, not one per leaf.
  expect(Object.keys(first.fields).sort()).toEqual(['huge', 'in-errors', 'in-octets', 'out-octets']);

  const [request] = requests(log);
  expect(request).toMatchObject({
    mode: 'STREAM',
    encoding: 'PROTO',
    updates_only: false,
    subscriptions: [
      { path: 'interfaces/interface/state/counters', mode: 'SAMPLE', sample_interval: 100_000_000 },
      { path: 'system/state', mode: 'ON_CHANGE', heartbeat_interval: 1_000_000_000 },
    ],
  });
  const capabilities = built.lines.find((l) => l.msg === 'target capabilities');
  expect(capabilities).toMatchObject({ gnmi_version: '0.10.0', encodings: ['json', 'json_ietf', 'proto'] });
  expect(capabilities?.model_list).toContain('openconfig-interfaces@2.5.0');
  const details = built.status.get('gnmi_target', 'lab/r1')!.details!;
  // Unsubscribed by now, so sync_received is back to false; the log tells it came.
  expect(details).toMatchObject({ address: `127.0.0.1:${peer.port}`, reconnects: 0 });
  expect(built.lines.filter((l) => l.msg === 'sync_response received')).toHaveLength(1);
  expect(details.updates_received as number).toBeGreaterThanOrEqual(24);
  expect(details.last_update as number).toBeGreaterThan(Date.now() - 10_000);
  expect(await metricValue(built.metrics.grpcUpdates, labels)).toBe(details.updates_received);
  // Unsubscribed: the stream is closed.
  expect(await metricValue(built.metrics.grpcTargetConnected, labels)).toBe(0);
});

test('JSON_IETF with updates_only, suppress_redundant and a prefix: numbers from strings, module prefixes dropped', async () => {
  const { peer, log } = await target();
  const built = collector(peer.port, {
    encoding: 'json_ietf',
    updates_only: true,
    prefix: '/interfaces',
    subscriptions: {
      counters: {
        path: '/interface[name=eth0]/state/counters',
        sample_interval: '100ms',
        suppress_redundant: true,
      },
    },
    aliases: { ifstate: '/interfaces/interface/state' },
  });
  const samples = await collectUntil(built, (s) => s.length >= 2, 'two changes');
  expect(requests(log)[0]).toMatchObject({
    encoding: 'JSON_IETF',
    updates_only: true,
    subscriptions: [{ path: 'interface/state/counters', mode: 'SAMPLE', suppress_redundant: true }],
  });
  // updates_only: no initial state (round 0 would carry in-octets 1000); only changed leaves follow.
  expect(samples[0]!.measurement).toBe('counters');
  expect(samples[0]!.tags).toEqual({ source: 'r1', name: 'eth0' });
  expect(samples[0]!.fields).toEqual({ 'in-octets': 2000, 'out-octets': 1000 });
  expect(samples[1]!.fields).toEqual({ 'in-octets': 3000, 'out-octets': 1500 });
});

test('ON_CHANGE sends changed leaves only; a heartbeat resends the unchanged ones', async () => {
  const { peer, log } = await target();
  const onChange = (heartbeat: string) =>
    collector(peer.port, {
      subscriptions: { system: { path: '/system/state', mode: 'on_change', heartbeat_interval: heartbeat } },
    });
  const quiet = onChange('0s');
  const beating = onChange('400ms');
  const [changes, beats] = await Promise.all([
    collectUntil(quiet, (s) => s.length >= 3, 'two changes'),
    collectUntil(beating, (s) => s.length >= 3, 'two heartbeats'),
  ]);
  expect(
    requests(log)
      .map((r) => (r.subscriptions as Array<Record<string, unknown>>)[0]!.heartbeat_interval)
      .sort(),
  ).toEqual([0, 400_000_000]);
  // The first sample is the initial state; later ones carry what changed, or everything on a heartbeat.
  expect(Object.keys(changes[1]!.fields).sort()).toEqual(['load', 'temperature']);
  expect(Object.keys(beats[1]!.fields).sort()).toEqual(['dns-search', 'hostname', 'load', 'temperature']);
  expect(beats[1]!.fields.load).toBe(12.35);
});

test('a stream the target closes is resubscribed, forever, with the backoff reset by data', async () => {
  const { peer, log } = await target('--close-after', '1');
  const built = collector(peer.port);
  await collectUntil(built, () => requests(log).length >= 4, 'four subscriptions');
  expect(await metricValue(built.metrics.grpcReconnects, labels)).toBeGreaterThanOrEqual(3);
  const retries = built.lines.filter((l) => l.msg === 'resubscribing');
  // Data arrived between the closes, so every restart is attempt 1 again.
  expect(retries.every((l) => l.attempt === 1)).toBe(true);
  expect(built.status.get('gnmi_target', 'lab/r1')?.details?.reconnects).toBeGreaterThanOrEqual(3);
});

test('a target that restarts is subscribed again without restarting Noctua', async () => {
  const first = await target();
  const built = collector(first.peer.port, { backoff: { initial: '100ms', max: '300ms' } });
  const samples: Sample[] = [];
  const subscription = built.collector.samples$().subscribe((s) => samples.push(s));
  try {
    await waitFor(
      async () => (samples.length > 0 ? true : undefined),
      10_000,
      'samples from the first target',
    );
    await first.peer.stop();
    await waitFor(
      async () => (built.status.get('gnmi_target', 'lab/r1')?.state === 'down' ? true : undefined),
      10_000,
      'the target to be down',
    );
    const before = samples.length;
    const second = await startGnmiTarget(messages.dir, ['--port', String(first.peer.port)]);
    peers.push(second);
    await waitFor(
      async () => (samples.length > before ? true : undefined),
      10_000,
      'samples from the restarted target',
    );
    expect(built.status.get('gnmi_target', 'lab/r1')?.details).toMatchObject({
      connected: true,
      sync_received: true,
    });
    expect(await metricValue(built.metrics.grpcReconnects, labels)).toBeGreaterThanOrEqual(1);
  } finally {
    subscription.unsubscribe();
  }
});

test('deletes become samples with deleted = true; unknown or wrong values are counted and the rest kept', async () => {
  const { peer } = await target('--delete-after', '2', '--bad-values');
  const built = collector(peer.port, {
    subscriptions: {
      ...SUBSCRIPTIONS,
      ifstate: { path: '/interfaces/interface/state', sample_interval: '100ms' },
    },
  });
  const samples = await collectUntil(built, (s) => s.some((x) => x.fields.deleted === true), 'a delete');
  const deleted = samples.find((s) => s.fields.deleted === true)!;
  expect(deleted).toMatchObject({ tags: { source: 'r1', name: 'eth1' }, fields: { deleted: true } });
  const kept = samples.find((s) => s.fields.description !== undefined)!;
  expect(kept).toMatchObject({
    measurement: 'ifstate',
    tags: { name: 'eth0' },
    fields: { description: 'still here' },
  });
  expect(Object.keys(kept.fields)).toEqual(['description']);
  expect(await metricValue(built.metrics.grpcErrors, { ...labels, reason: 'bad_json' })).toBeGreaterThan(0);
  expect(
    await metricValue(built.metrics.grpcErrors, { ...labels, reason: 'unsupported_value' }),
  ).toBeGreaterThan(0);
  expect(built.lines.some((l) => l.msg === 'bad input from target' && l.reason === 'bad_json')).toBe(true);
});

test('POLL: one stream, polled every poll_interval', async () => {
  const { peer, log } = await target();
  const built = collector(peer.port, { mode: 'poll', poll_interval: '150ms' });
  const samples = await collectUntil(
    built,
    (s) => s.some((x) => x.tags.name === 'eth0' && x.fields['in-octets'] === 3000),
    'two polls',
  );
  expect(requests(log)).toHaveLength(1);
  expect(requests(log)[0]).toMatchObject({ mode: 'POLL' });
  const rounds = samples.filter((s) => s.tags.name === 'eth0' && s.measurement === 'ifcounters');
  expect(rounds.map((s) => s.fields['in-octets']).slice(0, 3)).toEqual([1000, 2000, 3000]);
});

test('ONCE: a one-shot subscription every poll_interval; --once completes after one round', async () => {
  const { peer, log } = await target();
  const built = collector(peer.port, { mode: 'once', poll_interval: '100ms' });
  await collectUntil(built, () => requests(log).length >= 3, 'three rounds');
  expect(requests(log).every((r) => r.mode === 'ONCE')).toBe(true);
  expect(await metricValue(built.metrics.grpcReconnects, labels)).toBe(0); // a round ending is not a failure

  const stream = collector(peer.port);
  const once = await lastValueFrom(stream.collector.samples$({ once: true }).pipe(toArray()));
  expect(once.map((s) => `${s.measurement}/${s.tags.name ?? ''}`).sort()).toEqual([
    'ifcounters/eth0',
    'ifcounters/eth1',
    'system/',
  ]);
});

test('bad input: unknown path, oversized message and wrong credentials fail the stream, are counted and retried', async () => {
  const { peer } = await target('--big-update', '200000', '--username', 'noc', '--password', 's3cret');
  const unknown = collector(peer.port, {
    username: 'noc',
    password: 's3cret',
    subscriptions: { nope: { path: '/no/such/path' } },
  });
  await collectUntil(
    unknown,
    () => (unknown.status.get('gnmi_target', 'lab/r1')?.lastError ?? '') !== '',
    'an error',
  );
  expect(unknown.status.get('gnmi_target', 'lab/r1')?.lastError).toMatch(
    /^NOT_FOUND: unknown path \/no\/such\/path/,
  );

  const big = collector(peer.port, { username: 'noc', password: 's3cret', max_message_size: '64KiB' });
  await collectUntil(
    big,
    () => (big.status.get('gnmi_target', 'lab/r1')?.details?.reconnects as number) >= 2,
    'two reconnects',
  );
  expect(big.status.get('gnmi_target', 'lab/r1')?.lastError).toMatch(/^RESOURCE_EXHAUSTED/);
  expect(
    await metricValue(big.metrics.grpcErrors, { ...labels, reason: 'message_too_large' }),
  ).toBeGreaterThanOrEqual(2);

  const wrong = collector(peer.port, { username: 'noc', password: 'guess' });
  await collectUntil(
    wrong,
    () => (wrong.status.get('gnmi_target', 'lab/r1')?.lastError ?? '') !== '',
    'an error',
  );
  expect(wrong.status.get('gnmi_target', 'lab/r1')?.lastError).toMatch(/^UNAUTHENTICATED/);
});

test('TLS: the CA is verified, a certificate from another CA is refused, skip_verify only when asked', async () => {
  const certs = makeCertificates(dir);
  const { peer } = await target('--cert', certs.cert, '--key', certs.key);
  const good = collector(peer.port, { tls: { enabled: true, ca_file: certs.ca } });
  expect((await collectUntil(good, (s) => s.length > 0, 'a sample over TLS')).length).toBeGreaterThan(0);

  const untrusted = collector(peer.port, { tls: { enabled: true, ca_file: certs.otherCa }, timeout: '1s' });
  const none = await collectUntil(
    untrusted,
    () => (untrusted.status.get('gnmi_target', 'lab/r1')?.lastError ?? '') !== '',
    'a TLS failure',
  );
  expect(none).toEqual([]);
  expect(untrusted.status.get('gnmi_target', 'lab/r1')?.lastError).toMatch(/cannot connect/);

  const lab = collector(peer.port, { tls: { enabled: true, ca_file: certs.otherCa, skip_verify: true } });
  expect(
    (await collectUntil(lab, (s) => s.length > 0, 'a sample without verification')).length,
  ).toBeGreaterThan(0);
});

test('mutual TLS: a target that requires a client certificate gets ours, and refuses the stream without one', async () => {
  const certs = makeCertificates(dir);
  const { peer } = await target('--cert', certs.cert, '--key', certs.key, '--client-ca', certs.ca);
  const tls = { enabled: true, ca_file: certs.ca };
  const withCert = collector(peer.port, {
    tls: { ...tls, cert_file: certs.clientCert, key_file: certs.clientKey },
  });
  expect(
    (await collectUntil(withCert, (s) => s.length > 0, 'a sample with a client certificate')).length,
  ).toBeGreaterThan(0);

  const without = collector(peer.port, { tls, timeout: '1s' });
  const none = await collectUntil(
    without,
    () => (without.status.get('gnmi_target', 'lab/r1')?.lastError ?? '') !== '',
    'a refusal',
  );
  expect(none).toEqual([]);
});

test('noctua run --once against the target prints the samples of one round', async () => {
  const { peer } = await target('--username', 'noc', '--password', 's3cret');
  const config = join(dir, 'gnmi.yaml');
  writeFileSync(
    config,
    [
      'collectors:',
      '  lab:',
      '    type: gnmi',
      `    targets: { r1: { address: "127.0.0.1:${peer.port}" } }`,
      `    username: \${env:GNMI_USER}`,
      `    password: \${env:GNMI_PASSWORD}`,
      '    subscriptions:',
      '      ifcounters: { path: "/interfaces/interface[name=eth0]/state/counters" }',
      'sinks:',
      `  out: { type: file, path: "${join(dir, 'out.lp')}" }`,
      '',
    ].join('\n'),
  );
  const result = await runCli(['run', '-c', config, '--once'], {
    env: { GNMI_USER: 'noc', GNMI_PASSWORD: 's3cret' },
  });
  expect(result.code).toBe(0);
  const lines = result.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toEqual([
    expect.objectContaining({
      measurement: 'ifcounters',
      tags: { source: 'r1', name: 'eth0' },
      fields: { 'in-octets': 1000, 'out-octets': 500, 'in-errors': 0, huge: '9223372036854775813' },
      time_ns: expect.stringMatching(/^\d{19}$/),
    }),
  ]);
  expect(result.stderr).not.toContain('s3cret');
});
