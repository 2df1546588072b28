import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logLines, metricValue, type Running, startCli, waitFor } from '../../support/process';
import { COMMUNITY, freeUdpPort, type Snmpd, startSnmpd } from '../../support/snmp';

jest.setTimeout(60_000);

let snmpd: Snmpd;
let dir: string;
let service: Running | undefined;

beforeAll(async () => {
  snmpd = await startSnmpd({ sysName: 'status-test' });
  dir = mkdtempSync(join(tmpdir(), 'noctua-snmp-status-'));
});

afterAll(async () => {
  service?.child.kill('SIGKILL');
  await snmpd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface StatusEntry {
  kind: string;
  name: string;
  state: string;
  last_error: string | null;
  details?: Record<string, unknown>;
}

test('the running service shows each agent on /api/status and /metrics: up, down with its error', async () => {
  const silentPort = await freeUdpPort(); // nobody answers there
  const config = join(dir, 'noctua.yaml');
  writeFileSync(
    config,
    `service:
  http: { listen: 127.0.0.1:0 }
collectors:
  routers:
    type: snmp
    interval: 500ms
    timeout: 200ms
    retries: 0
    object_sets: [system]
    agents:
      alive: { host: 127.0.0.1, port: ${snmpd.port}, community: "\${env:SNMP_COMMUNITY}" }
      silent: { host: 127.0.0.1, port: ${silentPort}, community: "\${env:SNMP_COMMUNITY}" }
`,
  );
  service = startCli(['run', '-c', config], { env: { SNMP_COMMUNITY: COMMUNITY } });
  const port = await waitFor(
    async () => {
      const line = logLines(service!.stderr()).find((l) => l.msg === 'http server listening');
      return line ? Number(String(line.address).split(':').pop()) : undefined;
    },
    15_000,
    'the http server',
  );
  const base = `http://127.0.0.1:${port}`;
  const agents = await waitFor(
    async () => {
      const { components } = (await (await fetch(`${base}/api/status`)).json()) as {
        components: StatusEntry[];
      };
      const found = components.filter((c) => c.kind === 'snmp_agent');
      const settled = found.length === 2 && found.every((c) => c.state === 'up' || c.state === 'down');
      return settled ? found : undefined;
    },
    10_000,
    'both agents polled',
  );
  expect(agents.find((a) => a.name === 'routers/alive')).toMatchObject({
    state: 'up',
    last_error: null,
    details: { host: `127.0.0.1:${snmpd.port}`, last_poll_ms: expect.any(Number), samples: 1 },
  });
  expect(agents.find((a) => a.name === 'routers/silent')).toMatchObject({
    state: 'down',
    last_error: expect.stringMatching(/no response within 200 ms/),
    details: { host: `127.0.0.1:${silentPort}`, last_poll_ms: expect.any(Number) },
  });

  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metricValue(metrics, 'noctua_snmp_agent_up{collector="routers",agent="alive"}')).toBe(1);
  expect(metricValue(metrics, 'noctua_snmp_agent_up{collector="routers",agent="silent"}')).toBe(0);
  expect(
    metricValue(metrics, 'noctua_snmp_polls_total{collector="routers",agent="silent",result="failed"}'),
  ).toBeGreaterThan(0);
  expect(
    metricValue(metrics, 'noctua_snmp_poll_duration_seconds{collector="routers",agent="alive"}'),
  ).toBeGreaterThan(0);

  service.child.kill('SIGTERM');
  expect(await service.exited).toBe(0);
});
