import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { collectorConfigSchema } from '../../src/collectors/config';
import { createCollector } from '../../src/collectors/registry';
import type { Sample } from '../../src/core';
import { Metrics } from '../../src/observability/metrics';
import { StatusBoard } from '../../src/observability/status';
import { freePort, generatePythonMessages, makeCertificates, runDialout } from '../support/grpc-peers';
import { captureLogger, metricValue } from '../support/observability';
import { waitFor } from '../support/process';

jest.setTimeout(60_000);

const PATH = 'Cisco-IOS-XR-infra-statsd-oper:infra-statistics/interfaces/interface/latest/generic-counters';

let messages: ReturnType<typeof generatePythonMessages>;
let dir: string;

beforeAll(() => {
  messages = generatePythonMessages();
  dir = mkdtempSync(join(tmpdir(), 'noctua-mdt-'));
});

afterAll(() => {
  messages.remove();
  rmSync(dir, { recursive: true, force: true });
});

async function server(extra: Record<string, unknown> = {}) {
  const port = await freePort();
  const { logger, lines } = captureLogger('info');
  const metrics = new Metrics({ processMetrics: false });
  const status = new StatusBoard();
  const config = collectorConfigSchema.parse({ type: 'mdt', listen: `127.0.0.1:${port}`, ...extra });
  const collector = createCollector('xr', config, { logger, metrics, status });
  const samples: Sample[] = [];
  const subscription = collector.samples$().subscribe((s) => samples.push(s));
  await waitFor(
    async () => (status.get('mdt_server', 'xr')?.state === 'up' ? true : undefined),
    5_000,
    'listening',
  );
  return { port, lines, metrics, samples, stop: () => subscription.unsubscribe(), collector };
}

test('kvGPB rows become samples: keys → tags, content leaves → fields, exact uint64, aliases', async () => {
  const mdt = await server({ aliases: { [PATH]: 'ifcounters' } });
  try {
    const { results } = await runDialout(messages.dir, [
      '--target',
      `127.0.0.1:${mdt.port}`,
      '--count',
      '2',
      '--interval',
      '0.05',
    ]);
    expect(results).toEqual([{ stream: 0, code: 'OK', sent: 2 }]);
    await waitFor(async () => (mdt.samples.length >= 4 ? true : undefined), 5_000, 'four samples');
    const [first, second] = mdt.samples;
    expect(first).toMatchObject({
      measurement: 'ifcounters',
      source: 'xr',
      tags: { source: 'xr-r1', subscription: 'noctua-test', 'interface-name': 'GigabitEthernet0/0/0/0' },
      fields: {
        'packets-received': 1000,
        'bytes-received': 2n ** 63n,
        'input-drops': 0,
        'carrier-transitions': -1,
        load: 0,
        up: true,
        'rates/input-rate': 100,
      },
    });
    expect(second!.tags['interface-name']).toBe('GigabitEthernet0/0/0/1');
    expect(Math.abs(first!.time - Date.now())).toBeLessThan(10_000);
    expect(await metricValue(mdt.metrics.grpcUpdates, { collector: 'xr', target: 'xr-r1' })).toBe(2);
    expect(mdt.lines.some((l) => l.msg === 'router disconnected')).toBe(true);
  } finally {
    mdt.stop();
  }
});

test('malformed and compact GPB messages are counted and logged; the stream is kept', async () => {
  const mdt = await server();
  try {
    const { results } = await runDialout(messages.dir, [
      '--target',
      `127.0.0.1:${mdt.port}`,
      '--bad',
      '--count',
      '1',
    ]);
    expect(results).toEqual([{ stream: 0, code: 'OK', sent: 1 }]);
    await waitFor(async () => (mdt.samples.length >= 2 ? true : undefined), 5_000, 'samples after bad ones');
    expect(mdt.samples[0]!.measurement).toBe(PATH);
    const errors = (reason: string) => metricValue(mdt.metrics.grpcErrors, { collector: 'xr', reason });
    expect(await errors('malformed_message')).toBe(1);
    expect(await errors('compact_gpb_unsupported')).toBe(1);
    expect(mdt.lines.find((l) => l.reason === 'compact_gpb_unsupported')).toMatchObject({
      msg: 'bad dial-out message',
      router: 'xr-r1',
    });
  } finally {
    mdt.stop();
  }
});

test('limits: an oversized message and streams beyond max_streams get RESOURCE_EXHAUSTED', async () => {
  const mdt = await server({ max_message_size: '16KiB', max_streams: 2 });
  try {
    const big = await runDialout(messages.dir, [
      '--target',
      `127.0.0.1:${mdt.port}`,
      '--big',
      '50000',
      '--count',
      '1',
    ]);
    expect(big.results).toEqual([{ stream: 0, code: 'RESOURCE_EXHAUSTED', sent: 0 }]);

    const many = await runDialout(messages.dir, [
      '--target',
      `127.0.0.1:${mdt.port}`,
      '--streams',
      '4',
      '--count',
      '3',
      '--interval',
      '0.2',
    ]);
    const codes = many.results.map((r) => r.code).sort();
    expect(codes).toEqual(['OK', 'OK', 'RESOURCE_EXHAUSTED', 'RESOURCE_EXHAUSTED']);
    expect(await metricValue(mdt.metrics.grpcErrors, { collector: 'xr', reason: 'too_many_streams' })).toBe(
      2,
    );
    expect(mdt.samples.length).toBe(2 * 3 * 2); // two streams × three messages × two interfaces
  } finally {
    mdt.stop();
  }
});

test('TLS: a router that trusts the CA streams, one that does not gets nothing through', async () => {
  const certs = makeCertificates(dir);
  const mdt = await server({ tls: { enabled: true, cert_file: certs.cert, key_file: certs.key } });
  try {
    const target = ['--target', `localhost:${mdt.port}`, '--count', '1'];
    const untrusted = await runDialout(messages.dir, [...target, '--ca', certs.otherCa]);
    expect(untrusted.results).toEqual([{ stream: 0, code: 'UNAVAILABLE', sent: 0 }]);
    expect(mdt.samples).toEqual([]);
    const trusted = await runDialout(messages.dir, [...target, '--ca', certs.ca]);
    expect(trusted.results).toEqual([{ stream: 0, code: 'OK', sent: 1 }]);
    await waitFor(async () => (mdt.samples.length === 2 ? true : undefined), 5_000, 'samples over TLS');
  } finally {
    mdt.stop();
  }
});

test('--once completes after the first message', async () => {
  const port = await freePort();
  const { logger } = captureLogger('info');
  const config = collectorConfigSchema.parse({ type: 'mdt', listen: `127.0.0.1:${port}` });
  const collector = createCollector('xr', config, {
    logger,
    metrics: new Metrics({ processMetrics: false }),
    status: new StatusBoard(),
  });
  const once = lastValueFrom(collector.samples$({ once: true }).pipe(toArray()));
  const router = runDialout(messages.dir, [
    '--target',
    `127.0.0.1:${port}`,
    '--count',
    '3',
    '--interval',
    '0.3',
  ]);
  const samples = await once;
  expect(samples.map((s) => s.tags['interface-name'])).toEqual([
    'GigabitEthernet0/0/0/0',
    'GigabitEthernet0/0/0/1',
  ]);
  await router;
});
