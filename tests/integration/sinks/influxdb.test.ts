import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '../../../src/core';
import { Metrics } from '../../../src/observability/metrics';
import { StatusBoard } from '../../../src/observability/status';
import { sinkConfigSchema } from '../../../src/sinks/config';
import { createSink } from '../../../src/sinks/registry';
import { captureLogger, metricValue } from '../../support/observability';
import { waitFor } from '../../support/process';
import { InfluxServer, VictoriaMetricsServer } from '../../support/tsdb';
import { score } from '../../unit/sinks/support';

/*
 * The influxdb sink against real servers: InfluxDB 1.6 for the v1 write path
 * (read back with InfluxQL), VictoriaMetrics for the v2 write path.
 */

const T0 = 1_767_225_600_000;
const influx = new InfluxServer();
const secured = new InfluxServer({ auth: true });
const strict = new InfluxServer({ maxBodySize: 4096 });
const vm = new VictoriaMetricsServer();
const lockedVm = new VictoriaMetricsServer('vm-password');

beforeAll(async () => {
  await Promise.all([influx.start(), secured.start(), strict.start(), vm.start(), lockedVm.start()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([influx.remove(), secured.remove(), strict.remove(), vm.remove(), lockedVm.remove()]);
});

function influxSink(config: Record<string, unknown>) {
  const metrics = new Metrics({ processMetrics: false });
  const status = new StatusBoard();
  const { logger, lines } = captureLogger('info');
  const parsed = sinkConfigSchema.parse({
    type: 'influxdb',
    flush_interval: '50ms',
    retry: { initial: '20ms', max: '200ms' },
    ...config,
  });
  const sink = createSink('tsdb', parsed, { logger, metrics, status });
  return { sink, metrics, status, lines };
}

function sample(
  measurement: string,
  tags: Record<string, string>,
  fields: Sample['fields'],
  time: number,
): Sample {
  return { measurement, tags, fields, time, source: 'test' };
}

test('v1: InfluxDB reads back exactly what was written, escaping included', async () => {
  await influx.createDatabase('exact');
  const { sink, metrics } = influxSink({ api: 'v1', url: influx.url, database: 'exact' });
  const written = [
    sample('system', { device: 'edge-r1' }, { cpu_util: 31.25, up: true, uptime: 12345n }, T0),
    sample('system', { device: 'edge-r1' }, { cpu_util: -0.5, up: false, uptime: 12346n }, T0 + 1000),
    sample(
      'if stats, "odd"=x ü',
      { 'dev ice,=': 'r 1,a=b"c', site: 'Zürich Ω' },
      { 'in octets,=': 1.5e-7, 'note "q"': 'say "hi", a=b \\ ok', ünï: 2 },
      T0 + 2000,
    ),
  ];
  await sink.start();
  for (const s of written) sink.writeSample(s);
  sink.writeScore(score({ expected: 30, lower: 25, upper: 35 }, { tags: { device: 'edge-r1' } }));
  await sink.close(Date.now() + 10_000);
  expect(await metricValue(metrics.sinkRecords, { sink: 'tsdb' })).toBe(4);

  const system = await influx.query('SELECT * FROM "system" GROUP BY *', 'exact');
  expect(system).toEqual([
    {
      name: 'system',
      tags: { device: 'edge-r1' },
      columns: ['time', 'cpu_util', 'up', 'uptime'],
      values: [
        [T0, 31.25, true, 12345],
        [T0 + 1000, -0.5, false, 12346],
      ],
    },
  ]);
  const odd = (await influx.query('SELECT * FROM /^if stats/ GROUP BY *', 'exact'))[0]!;
  expect(odd.name).toBe('if stats, "odd"=x ü');
  expect(odd.tags).toEqual({ 'dev ice,=': 'r 1,a=b"c', site: 'Zürich Ω' });
  expect(Object.fromEntries(odd.columns.map((c, i) => [c, odd.values[0]![i]]))).toEqual({
    time: T0 + 2000,
    'in octets,=': 1.5e-7,
    'note "q"': 'say "hi", a=b \\ ok',
    ünï: 2,
  });
  const scores = await influx.query(
    'SELECT score, value, expected, lower, upper FROM noctua_score GROUP BY *',
    'exact',
  );
  expect(scores).toEqual([
    {
      name: 'noctua_score',
      tags: {
        detector: 'zscore',
        device: 'edge-r1',
        field: 'cpu_util',
        measurement: 'system',
        rule: 'device-health',
      },
      columns: ['time', 'score', 'value', 'expected', 'lower', 'upper'],
      values: [[1_700_000_000_000, 0.93, 97.5, 30, 25, 35]],
    },
  ]);
});

test('v1: a line the server refuses is isolated, dropped and counted; the rest of its batch is stored', async () => {
  await influx.createDatabase('badline');
  const { sink, metrics, lines } = influxSink({
    api: 'v1',
    url: influx.url,
    database: 'badline',
    batch_size: 20,
  });
  await sink.start();
  for (let i = 0; i < 20; i++) {
    // Line 13 gives field v another type than the others: InfluxDB refuses it (field type conflict).
    sink.writeSample(sample('conflict', { n: 'x' }, { v: i === 13 ? 'text' : i }, T0 + i));
  }
  await sink.close(Date.now() + 10_000);
  const rows = await influx.query('SELECT v FROM conflict', 'badline');
  expect(rows[0]!.values.map(([, v]) => v)).toEqual([...Array(20).keys()].filter((i) => i !== 13));
  expect(await metricValue(metrics.samplesDropped, { stage: 'sink:tsdb', reason: 'rejected' })).toBe(1);
  expect(await metricValue(metrics.sinkRecords, { sink: 'tsdb' })).toBe(19);
  expect(lines.filter((l) => l.msg === 'server refused a line; it is dropped')).toEqual([
    expect.objectContaining({ status: 400, line: expect.stringContaining('v="text"') }),
  ]);
});

// InfluxDB 1.6 enforces max-body-size on plain bodies only (a gzipped body got through), so without gzip.
test('v1: a body too large (413) is split until it fits; a line too large alone is dropped', async () => {
  await strict.createDatabase('split');
  const { sink, metrics, lines } = influxSink({
    api: 'v1',
    url: strict.url,
    database: 'split',
    batch_size: 200,
    gzip: false,
  });
  await sink.start();
  for (let i = 0; i < 200; i++) {
    const note = i === 150 ? 'x'.repeat(5000) : `n${i}`;
    sink.writeSample(sample('big', { device: `r${i % 7}` }, { v: i, note }, T0 + i));
  }
  await sink.close(Date.now() + 10_000);
  const rows = await strict.query('SELECT count(v) FROM big', 'split');
  expect(rows[0]!.values[0]![1]).toBe(199);
  expect(await metricValue(metrics.samplesDropped, { stage: 'sink:tsdb', reason: 'rejected' })).toBe(1);
  expect(await metricValue(metrics.sinkRecords, { sink: 'tsdb' })).toBe(199);
  expect(lines.filter((l) => l.msg === 'server refused a line; it is dropped')).toEqual([
    expect.objectContaining({ status: 413, line: expect.stringContaining('xxxxx') }),
  ]);
});

test('v1: wrong credentials are reported as auth errors and retried until they work', async () => {
  const admin = { user: 'admin', password: 'admin-password' };
  await secured.query(`CREATE USER admin WITH PASSWORD '${admin.password}' WITH ALL PRIVILEGES`);
  await secured.createDatabase('secure', admin);
  const { sink, metrics, status, lines } = influxSink({
    api: 'v1',
    url: secured.url,
    database: 'secure',
    username: 'noctua',
    password: 'right-password',
  });
  await sink.start();
  sink.writeSample(sample('auth', { device: 'r1' }, { v: 1 }, T0));
  await sink.flush(Date.now() + 500);
  await waitFor(
    async () =>
      (await metricValue(metrics.sinkWrites, { sink: 'tsdb', result: 'auth_error' })) >= 2 ? true : undefined,
    10_000,
    'two auth failures',
  );
  expect(status.get('sink', 'tsdb')).toMatchObject({
    state: 'degraded',
    lastError: expect.stringContaining('authentication failed (HTTP 401'),
  });
  expect(lines.some((l) => l.msg === 'sink authentication failed, will retry' && l.level === 50)).toBe(true);

  // The admin creates the account: the next retry gets through.
  await secured.query(`CREATE USER noctua WITH PASSWORD 'right-password'`, undefined, admin);
  await secured.query('GRANT WRITE ON secure TO noctua', undefined, admin);
  await sink.close(Date.now() + 10_000);
  expect((await secured.query('SELECT v FROM auth', 'secure', admin))[0]!.values).toEqual([[T0, 1]]);
  expect(status.get('sink', 'tsdb')?.state).toBe('stopped');
});

test('v2: a token the server refuses gives auth errors, retried; with a spool nothing is lost at close', async () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'noctua-auth-spool-'));
  try {
    const { sink, metrics, status } = influxSink({
      api: 'v2',
      url: lockedVm.url,
      org: 'noc',
      bucket: 'telemetry',
      token: 'wrong-token',
      spool: { dir: spoolDir },
    });
    await sink.start();
    for (let i = 0; i < 10; i++) sink.writeSample(sample('locked', { device: 'r1' }, { v: i }, T0 + i));
    await waitFor(
      async () =>
        (await metricValue(metrics.sinkWrites, { sink: 'tsdb', result: 'auth_error' })) >= 2
          ? true
          : undefined,
      10_000,
      'two auth failures',
    );
    expect(status.get('sink', 'tsdb')?.lastError).toContain('authentication failed (HTTP 401');
    await sink.close(Date.now() + 1_000);
    expect(await metricValue(metrics.sinkSpooled, { sink: 'tsdb' })).toBe(10);
    expect(await metricValue(metrics.samplesDropped)).toBe(0);
  } finally {
    rmSync(spoolDir, { recursive: true, force: true });
  }
});

test('a 429 with Retry-After is honoured before the batch is written again', async () => {
  await influx.createDatabase('throttled');
  const attempts: number[] = [];
  const proxy = await throttlingProxy(influx.port, attempts);
  try {
    const port = (proxy.address() as AddressInfo).port;
    const { sink, metrics } = influxSink({
      api: 'v1',
      url: `http://127.0.0.1:${port}`,
      database: 'throttled',
    });
    await sink.start();
    sink.writeSample(sample('busy', { device: 'r1' }, { v: 7 }, T0));
    await sink.close(Date.now() + 10_000);
    expect(attempts).toHaveLength(2);
    // Retry-After: 1 (seconds), though the sink's own backoff would have retried after 20 ms.
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(950);
    expect(await metricValue(metrics.sinkWrites, { sink: 'tsdb', result: 'failure' })).toBe(1);
    expect((await influx.query('SELECT v FROM busy', 'throttled'))[0]!.values).toEqual([[T0, 7]]);
  } finally {
    proxy.close();
  }
});

test('v2: VictoriaMetrics stores samples and scores written through the client transport, gzipped', async () => {
  const { sink, metrics } = influxSink({
    api: 'v2',
    url: vm.url,
    org: 'noc',
    bucket: 'telemetry',
    token: 'token-value',
    batch_size: 500,
  });
  await sink.start();
  const devices = ['edge-r1', 'edge-r2', 'core-sw1'];
  for (let i = 0; i < 400; i++) {
    for (const device of devices)
      sink.writeSample(sample('vmcheck', { device }, { util: i / 4, errors: BigInt(i) }, T0 + i * 1000));
  }
  await sink.close(Date.now() + 10_000);
  expect(await metricValue(metrics.sinkRecords, { sink: 'tsdb' })).toBe(1200);
  expect(await metricValue(metrics.sinkWrites, { sink: 'tsdb', result: 'success' })).toBeGreaterThanOrEqual(
    3,
  );

  const series = await waitFor(
    async () => {
      const found = await vm.exportSeries('{__name__=~"vmcheck_.*"}');
      const points = found.reduce((sum, s) => sum + s.values.length, 0);
      return points === 2400 ? found : undefined;
    },
    15_000,
    '2400 points in VictoriaMetrics',
  );
  const util = series.find((s) => s.metric.__name__ === 'vmcheck_util' && s.metric.device === 'edge-r2')!;
  expect(util.metric).toEqual({ __name__: 'vmcheck_util', device: 'edge-r2' });
  expect(util.timestamps).toEqual([...Array(400).keys()].map((i) => T0 + i * 1000));
  expect(util.values).toEqual([...Array(400).keys()].map((i) => i / 4));
  const errors = series.find(
    (s) => s.metric.__name__ === 'vmcheck_errors' && s.metric.device === 'core-sw1',
  )!;
  expect(errors.values.at(-1)).toBe(399);
});

test('v2: with gzip on, bodies over 1 KB go gzipped and are stored', async () => {
  const encodings: string[] = [];
  const proxy = await forwardingProxy(vm.port, (req) => {
    encodings.push(req.headers['content-encoding'] ?? 'identity');
    return false;
  });
  try {
    const { sink, metrics } = influxSink({
      api: 'v2',
      url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      org: 'noc',
      bucket: 'telemetry',
      token: 'token-value',
      gzip: true,
    });
    await sink.start();
    for (let i = 0; i < 100; i++)
      sink.writeSample(sample('zipped', { device: 'r1' }, { v: i }, T0 + i * 1000));
    await sink.close(Date.now() + 10_000);
    expect(encodings).toEqual(['gzip']);
    expect(await metricValue(metrics.sinkRecords, { sink: 'tsdb' })).toBe(100);
    const stored = await waitFor(
      async () => {
        const found = await vm.exportSeries('{__name__="zipped_v"}');
        return found[0]?.values.length === 100 ? found[0] : undefined;
      },
      15_000,
      '100 gzipped points in VictoriaMetrics',
    );
    expect(stored.values).toEqual([...Array(100).keys()]);
  } finally {
    proxy.close();
  }
});

/** Answers the first write with 429 and Retry-After: 1, then forwards every request to the real server. */
async function throttlingProxy(targetPort: number, attempts: number[]): Promise<Server> {
  return forwardingProxy(targetPort, (req, res) => {
    attempts.push(Date.now());
    if (attempts.length > 1) return false;
    req.resume();
    res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
    res.end('{"error":"too many requests"}');
    return true;
  });
}

/** Forwards every request to the real server, unless `answer` answers it itself (and returns true). */
async function forwardingProxy(
  targetPort: number,
  answer: (req: IncomingMessage, res: ServerResponse) => boolean,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (answer(req, res)) return;
    const upstream = request(
      { host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return server;
}
