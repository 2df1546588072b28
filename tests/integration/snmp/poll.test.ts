import { lastValueFrom, type Observable, type Subscription, toArray } from 'rxjs';
import { collectorConfigSchema } from '../../../src/collectors/config';
import { createCollector } from '../../../src/collectors/registry';
import { AGENT_STATUS_KIND } from '../../../src/collectors/snmp/agent-poller';
import type { Sample } from '../../../src/core';
import { Metrics } from '../../../src/observability/metrics';
import { StatusBoard } from '../../../src/observability/status';
import { counterToRate } from '../../../src/pipeline/rate';
import { captureLogger, metricValue } from '../../support/observability';
import { waitFor } from '../../support/process';
import {
  bulkWalk,
  COMMUNITY,
  IF_ENTRY,
  IF_MIB_COLUMNS,
  IFX_ENTRY,
  type Snmpd,
  startSnmpd,
  USERS,
  walkIfMibColumns,
} from '../../support/snmp';

jest.setTimeout(60_000);

let agentA: Snmpd;
let agentB: Snmpd;
const running: Subscription[] = [];

beforeAll(async () => {
  [agentA, agentB] = await Promise.all([
    startSnmpd({ sysName: 'agent-a' }),
    startSnmpd({ sysName: 'agent-b' }),
  ]);
});

afterEach(() => {
  for (const subscription of running.splice(0)) subscription.unsubscribe();
});

afterAll(async () => {
  await Promise.all([agentA?.stop(), agentB?.stop()]);
});

function build(config: Record<string, unknown>) {
  const { logger, lines } = captureLogger();
  const metrics = new Metrics({ processMetrics: false });
  const status = new StatusBoard();
  const collector = createCollector('snmp', collectorConfigSchema.parse({ type: 'snmp', ...config }), {
    logger,
    metrics,
    status,
  });
  return { collector, metrics, status, lines };
}

const v2c = (port: number) => ({ host: '127.0.0.1', port, community: COMMUNITY });
const v3 = (port: number, user: Record<string, unknown>) => ({ host: '127.0.0.1', port, version: '3', user });

/** Collects what arrives until the returned function is called. */
function record(samples$: Observable<Sample>): { samples: Sample[]; stop(): void } {
  const samples: Sample[] = [];
  const subscription = samples$.subscribe((sample) => samples.push(sample));
  running.push(subscription);
  return { samples, stop: () => subscription.unsubscribe() };
}

describe('polling a real snmpd', () => {
  it('gives the values snmpbulkwalk gives, for every built-in column (v2c)', async () => {
    const { collector } = build({ agents: { a: v2c(agentA.port) }, object_sets: ['system', 'if_mib'] });
    const before = await walkIfMibColumns(agentA.port);
    const samples = await lastValueFrom(collector.samples$({ once: true }).pipe(toArray()));
    const after = await walkIfMibColumns(agentA.port);

    const interfaces = samples.filter((s) => s.measurement === 'interface');
    expect(interfaces.length).toBe(new Set([...before.keys()].map((oid) => oid.split('.').pop())).size);
    let compared = 0;
    for (const sample of interfaces) {
      const index = sample.tags.ifIndex!;
      for (const [name, column] of Object.entries(IF_MIB_COLUMNS)) {
        const oid = `${column}.${index}`;
        const value = sample.fields[name] ?? sample.tags[name];
        const [low, high] = [before.get(oid), after.get(oid)];
        // Counters of the loopback move while we poll (SNMP runs over it): the value lies between the two walks.
        if (low === high) expect(String(value)).toBe(low);
        else {
          expect(BigInt(String(value))).toBeGreaterThanOrEqual(BigInt(low!));
          expect(BigInt(String(value))).toBeLessThanOrEqual(BigInt(high!));
        }
        compared++;
      }
      expect(sample.kinds).toMatchObject({ ifHCInOctets: 'counter64', ifInErrors: 'counter32' });
      expect(typeof sample.fields.ifHCInOctets).toBe('bigint');
    }
    expect(compared).toBeGreaterThan(10);
    const system = samples.find((s) => s.measurement === 'snmp_system')!;
    expect(system.tags).toEqual({ agent: 'a', sysName: 'agent-a' });
    expect(typeof system.fields.sysUpTime).toBe('number');
  });

  it.each([
    [
      'authPriv SHA/AES',
      { name: USERS.authPriv.name, auth_key: USERS.authPriv.auth, priv_key: USERS.authPriv.priv },
    ],
    [
      'authPriv SHA-256/AES',
      {
        name: USERS.authPriv256.name,
        auth_protocol: 'sha256',
        auth_key: USERS.authPriv256.auth,
        priv_key: USERS.authPriv256.priv,
      },
    ],
    [
      'authNoPriv MD5',
      {
        name: USERS.authNoPriv.name,
        level: 'auth_no_priv',
        auth_protocol: 'md5',
        auth_key: USERS.authNoPriv.auth,
      },
    ],
    ['noAuthNoPriv', { name: USERS.noAuth.name, level: 'no_auth_no_priv' }],
  ])('v3 %s gives the same interface names as v2c', async (_, user) => {
    const { collector } = build({ agents: { a: v3(agentA.port, user) }, object_sets: ['system', 'if_mib'] });
    const samples = await lastValueFrom(collector.samples$({ once: true }).pipe(toArray()));
    const names = await bulkWalk(agentA.port, `${IFX_ENTRY}.1`);
    expect(samples.filter((s) => s.measurement === 'interface').map((s) => s.tags.ifName)).toEqual([
      ...names.values(),
    ]);
  });

  it('resolves MIB names to the same OIDs as the numbers, and keeps string columns as tags', async () => {
    const { collector } = build({
      agents: { a: v2c(agentA.port) },
      object_sets: [],
      scalars: [
        {
          measurement: 'sys',
          objects: [
            { name: 'uptime', oid: 'SNMPv2-MIB::sysUpTime.0' },
            { name: 'name', oid: '1.3.6.1.2.1.1.5.0', is_tag: true },
          ],
        },
      ],
      tables: [
        {
          measurement: 'ifx',
          index_tag: 'ifIndex',
          columns: [
            { name: 'ifName', oid: 'IF-MIB::ifName', is_tag: true },
            { name: 'mtu', oid: 'IF-MIB::ifMtu' },
            { name: 'mtu_by_number', oid: `${IF_ENTRY}.4` },
          ],
        },
      ],
    });
    const samples = await lastValueFrom(collector.samples$({ once: true }).pipe(toArray()));
    const mtus = await bulkWalk(agentA.port, `${IF_ENTRY}.4`);
    const rows = samples.filter((s) => s.measurement === 'ifx');
    expect(rows.map((s) => String(s.fields.mtu))).toEqual([...mtus.values()]);
    for (const row of rows) expect(row.fields.mtu).toBe(row.fields.mtu_by_number);
    expect(samples.find((s) => s.measurement === 'sys')!.tags).toEqual({ agent: 'a', name: 'agent-a' });
  });

  it('host_resources: processor load and storage rows as snmpbulkwalk gives them', async () => {
    const { collector } = build({ agents: { a: v2c(agentA.port) }, object_sets: ['host_resources'] });
    const samples = await lastValueFrom(collector.samples$({ once: true }).pipe(toArray()));
    const [descriptions, sizes, loads] = await Promise.all(
      ['1.3.6.1.2.1.25.2.3.1.3', '1.3.6.1.2.1.25.2.3.1.5', '1.3.6.1.2.1.25.3.3.1.2'].map((oid) =>
        bulkWalk(agentA.port, oid),
      ),
    );
    const storage = samples.filter((s) => s.measurement === 'host_storage');
    expect(storage.length).toBeGreaterThan(0);
    expect(storage.map((s) => [s.tags.hrStorageDescr, String(s.fields.hrStorageSize)])).toEqual(
      [...descriptions!].map(([oid, description]) => [
        description,
        sizes!.get(oid.replace(/\.3\.(\d+)$/, '.5.$1')),
      ]),
    );
    const processors = samples.filter((s) => s.measurement === 'host_processor');
    expect(processors.map((s) => s.tags.hrDeviceIndex)).toEqual(
      [...loads!.keys()].map((oid) => oid.split('.').pop()),
    );
    // A freshly started snmpd may not list processors yet; both sides must agree either way.
  });

  it('a wrong v3 key fails the poll with a clear authentication error and marks the agent down', async () => {
    const { collector, status, metrics } = build({
      agents: {
        a: v3(agentA.port, { name: USERS.authPriv.name, auth_key: 'wrong-key-123', priv_key: 'x-12345678' }),
      },
    });
    await expect(lastValueFrom(collector.samples$({ once: true }).pipe(toArray()))).rejects.toThrow(
      /agent a: SNMPv3 authentication failed: .*(digest|Digest)/,
    );
    expect(status.get(AGENT_STATUS_KIND, 'snmp/a')).toMatchObject({
      state: 'down',
      lastError: expect.stringMatching(/authentication failed/),
    });
    expect(await metricValue(metrics.snmpPolls, { agent: 'a', result: 'failed' })).toBe(1);
  });

  it('an agent stopped mid-poll times out and goes down while another keeps its schedule, then recovers', async () => {
    const { collector, status, metrics, lines } = build({
      interval: '300ms',
      timeout: '200ms',
      retries: 0,
      poll_budget: '2s',
      object_sets: ['system'],
      agents: { a: v2c(agentA.port), b: v2c(agentB.port) },
    });
    const { samples } = record(collector.samples$());
    const from = (agent: string) => samples.filter((s) => s.tags.agent === agent).length;
    await waitFor(async () => (from('a') > 0 && from('b') > 0) || undefined, 5000, 'first polls');

    agentA.process.kill('SIGSTOP');
    try {
      await waitFor(
        async () => status.get(AGENT_STATUS_KIND, 'snmp/a')?.state === 'down' || undefined,
        5000,
        'agent a down',
      );
      expect(status.get(AGENT_STATUS_KIND, 'snmp/a')!.lastError).toMatch(/no response within 200 ms/);
      expect(await metricValue(metrics.snmpAgentUp, { agent: 'a' })).toBe(0);
      const [a, b] = [from('a'), from('b')];
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(from('a')).toBe(a);
      expect(from('b')).toBeGreaterThanOrEqual(b + 3); // every 300 ms, undisturbed
    } finally {
      agentA.process.kill('SIGCONT');
    }
    const stalled = from('a');
    await waitFor(
      async () => status.get(AGENT_STATUS_KIND, 'snmp/a')?.state === 'up' || undefined,
      5000,
      'recovery',
    );
    await waitFor(async () => from('a') > stalled || undefined, 5000, 'samples after recovery');
    expect(await metricValue(metrics.snmpAgentUp, { agent: 'a' })).toBe(1);
    // Every failed poll is counted, the first one logged, the repeats throttled; the recovery logged once.
    expect(await metricValue(metrics.snmpPolls, { agent: 'a', result: 'failed' })).toBeGreaterThanOrEqual(3);
    expect(lines.filter((line) => line.msg === 'poll failed')).toHaveLength(1);
    expect(lines.filter((line) => line.msg === 'agent answers again')).toHaveLength(1);
  });

  it('a poll past its budget fails with that reason, however long the request timeout', async () => {
    const { collector, status } = build({
      timeout: '10s',
      retries: 0,
      poll_budget: '300ms',
      object_sets: ['system', 'if_mib'],
      agents: { b: v2c(agentB.port) },
    });
    agentB.process.kill('SIGSTOP');
    try {
      // The message shows the budget, not the 10 s request timeout, ended the poll.
      await expect(lastValueFrom(collector.samples$({ once: true }).pipe(toArray()))).rejects.toThrow(
        'agent b: poll took longer than its budget of 300 ms',
      );
    } finally {
      agentB.process.kill('SIGCONT');
    }
    expect(status.get(AGENT_STATUS_KIND, 'snmp/b')).toMatchObject({
      state: 'down',
      lastError: expect.stringMatching(/budget/),
    });
  });

  it('skips and counts polls that fall due while the previous one still runs', async () => {
    const { collector, metrics } = build({
      interval: '100ms',
      timeout: '1s',
      retries: 0,
      poll_budget: '5s',
      object_sets: ['system'],
      agents: { b: v2c(agentB.port) },
    });
    const { samples, stop } = record(collector.samples$());
    await waitFor(async () => samples.length > 0 || undefined, 5000, 'first poll');
    agentB.process.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 600));
    const okBefore = await metricValue(metrics.snmpPolls, { agent: 'b', result: 'ok' });
    agentB.process.kill('SIGCONT');
    // The poll that waited through the stop completes; the ones due meanwhile were skipped, not queued.
    await waitFor(
      async () =>
        (await metricValue(metrics.snmpPolls, { agent: 'b', result: 'ok' })) > okBefore || undefined,
      3000,
      'the waiting poll to complete',
    );
    stop();
    expect(await metricValue(metrics.snmpPollsSkipped, { agent: 'b' })).toBeGreaterThanOrEqual(3);
    expect(await metricValue(metrics.snmpPolls, { agent: 'b', result: 'failed' })).toBe(0);
  });

  it('stopping the collector mid-poll closes its sockets and reports no failure', async () => {
    const udpSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;
    await new Promise((resolve) => setTimeout(resolve, 100)); // sockets of earlier tests finish closing
    const before = udpSockets();
    const { collector, status, lines } = build({
      timeout: '5s',
      object_sets: ['system'],
      agents: { b: v2c(agentB.port) },
    });
    agentB.process.kill('SIGSTOP');
    try {
      const { stop } = record(collector.samples$());
      await new Promise((resolve) => setTimeout(resolve, 200)); // the first poll waits for an answer
      expect(udpSockets()).toBe(before + 1);
      stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      agentB.process.kill('SIGCONT');
    }
    expect(udpSockets()).toBe(before);
    expect(lines.filter((line) => line.msg === 'poll failed')).toEqual([]);
    expect(status.get(AGENT_STATUS_KIND, 'snmp/b')?.state).toBe('starting');
  });

  it('an agent restart (sysUpTime going back) marks the poll so that no rate spike follows', async () => {
    const agent = await startSnmpd({ sysName: 'restarting' });
    try {
      const { collector, metrics } = build({
        interval: '400ms',
        timeout: '300ms',
        retries: 0,
        object_sets: ['system', 'if_mib'],
        agents: {
          r: v2c(agent.port),
          r3: v3(agent.port, {
            name: USERS.authPriv.name,
            auth_key: USERS.authPriv.auth,
            priv_key: USERS.authPriv.priv,
          }),
        },
      });
      const rates = new Metrics({ processMetrics: false });
      const { samples } = record(
        collector.samples$().pipe(counterToRate({ maxSeries: 1000, idleExpiryMs: 0 }, { metrics: rates })),
      );
      const loopback = (agent = 'r') =>
        samples.filter(
          (s) => s.measurement === 'interface' && s.tags.ifName === 'lo' && s.tags.agent === agent,
        );
      await waitFor(
        async () => (loopback().length >= 3 && (await uptimeOver(samples, 100))) || undefined,
        10_000,
        'uptime over 1 s',
      );
      const port = agent.port;
      await agent.stop();
      const restarted = await startSnmpd({ port, sysName: 'restarting' });
      try {
        await waitFor(
          async () => (await metricValue(metrics.snmpAgentRestarts, { agent: 'r' })) > 0 || undefined,
          10_000,
          'restart noticed',
        );
        const flagged = loopback().filter((s) => s.counterReset);
        expect(flagged).toHaveLength(1);
        expect(flagged[0]!.fields.ifHCInOctets_rate).toBeUndefined();
        expect(loopback()[1]!.fields.ifHCInOctets_rate).toEqual(expect.any(Number));
        // v3 goes on too: the restarted agent has a new engine ID and boot count, rediscovered after a failed poll.
        await waitFor(
          async () => loopback('r3').some((s) => s.counterReset) || undefined,
          10_000,
          'v3 after the restart',
        );
      } finally {
        await restarted.stop();
      }
    } finally {
      await agent.stop();
    }
  });
});

async function uptimeOver(samples: Sample[], ticks: number): Promise<boolean> {
  const last = samples.filter((s) => s.measurement === 'snmp_system').pop();
  return last !== undefined && Number(last.fields.sysUpTime) > ticks;
}
