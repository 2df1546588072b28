import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promisify } from 'node:util';
import { lastValueFrom, type Subscription } from 'rxjs';
import { collectorConfigSchema } from '../../../src/collectors/config';
import { createCollector } from '../../../src/collectors/registry';
import { RECEIVER_STATUS_KIND } from '../../../src/collectors/snmp_trap/collector';
import type { Sample } from '../../../src/core';
import { Metrics } from '../../../src/observability/metrics';
import { StatusBoard } from '../../../src/observability/status';
import { captureLogger, metricValue } from '../../support/observability';
import { waitFor } from '../../support/process';
import { freeUdpPort } from '../../support/snmp';

const run = promisify(execFile);

const TRAP_USER = { name: 'trapuser', auth: 'trapauth123', priv: 'trappriv123' };
const LINK_DOWN = '1.3.6.1.6.3.1.1.5.3';
const LINK_UP = '1.3.6.1.6.3.1.1.5.4';
/** ifIndex.7 = 7, ifAdminStatus.7 = up, ifOperStatus.7 = down, ifName.7 = "eth7": what a router sends with linkDown. */
const LINK_VARBINDS = [
  ['1.3.6.1.2.1.2.2.1.1.7', 'i', '7'],
  ['1.3.6.1.2.1.2.2.1.7.7', 'i', '1'],
  ['1.3.6.1.2.1.2.2.1.8.7', 'i', '2'],
  ['1.3.6.1.2.1.31.1.1.1.1.7', 's', 'eth7'],
].flat();

let port: number;
let samples: Sample[];
let metrics: Metrics;
let status: StatusBoard;
let subscription: Subscription;

beforeAll(async () => {
  port = await freeUdpPort();
  const { logger } = captureLogger();
  metrics = new Metrics({ processMetrics: false });
  status = new StatusBoard();
  const config = collectorConfigSchema.parse({
    type: 'snmp_trap',
    address: '127.0.0.1',
    port,
    communities: ['public'],
    users: [{ name: TRAP_USER.name, auth_key: TRAP_USER.auth, priv_key: TRAP_USER.priv }],
  });
  samples = [];
  subscription = createCollector('traps', config, { logger, metrics, status })
    .samples$()
    .subscribe((sample) => samples.push(sample));
  await waitFor(
    async () => status.get(RECEIVER_STATUS_KIND, 'traps')?.state === 'up' || undefined,
    5000,
    'bound',
  );
});

afterAll(() => subscription?.unsubscribe());

const target = () => `127.0.0.1:${port}`;
const snmp = (tool: string, args: string[]) => run(tool, args, { env: { ...process.env, MIBS: '' } });
const traps = (result: string) => metricValue(metrics.snmpTraps, { collector: 'traps', result });

async function nextSamples(send: () => Promise<unknown>): Promise<Sample[]> {
  const from = samples.length;
  await send();
  await waitFor(async () => samples.length > from || undefined, 5000, 'trap samples');
  await new Promise((resolve) => setTimeout(resolve, 20));
  return samples.slice(from);
}

describe('trap receiver with Debian snmptrap as the sender', () => {
  it('a v2c linkDown becomes an interface status sample tagged ifIndex and ifName', async () => {
    const got = await nextSamples(() =>
      snmp('snmptrap', ['-v2c', '-c', 'public', target(), '', LINK_DOWN, ...LINK_VARBINDS]),
    );
    expect(got).toEqual([
      expect.objectContaining({ measurement: 'snmp_trap', tags: { agent: '127.0.0.1', trap: 'linkDown' } }),
      expect.objectContaining({
        measurement: 'interface_status',
        tags: { agent: '127.0.0.1', ifIndex: '7', ifName: 'eth7' },
        fields: { ifOperStatus: 2, ifAdminStatus: 1 },
        source: 'traps',
      }),
    ]);
  });

  it('a v3 authPriv linkUp is accepted with the configured user', async () => {
    const got = await nextSamples(() => v3Trap(TRAP_USER.auth, [LINK_UP, '1.3.6.1.2.1.2.2.1.1.3', 'i', '3']));
    expect(got[1]).toMatchObject({
      measurement: 'interface_status',
      tags: { agent: '127.0.0.1', ifIndex: '3' },
      fields: { ifOperStatus: 1 },
    });
  });

  it('a v1 linkUp (generic trap 3) and a v2c inform are understood too', async () => {
    const v1 = await nextSamples(() =>
      snmp('snmptrap', [
        '-v1',
        '-c',
        'public',
        target(),
        '1.3.6.1.4.1.8072',
        '127.0.0.1',
        '3',
        '0',
        '',
        ...LINK_VARBINDS,
      ]),
    );
    expect(v1[0]).toMatchObject({ tags: { trap: 'linkUp' } });
    expect(v1[1]).toMatchObject({ tags: { ifIndex: '7', ifName: 'eth7' }, fields: { ifOperStatus: 2 } });
    const inform = await nextSamples(() =>
      snmp('snmpinform', [
        '-v2c',
        '-c',
        'public',
        '-t',
        '2',
        '-r',
        '0',
        target(),
        '',
        '1.3.6.1.4.1.8072.9.9',
      ]),
    );
    expect(inform).toEqual([
      expect.objectContaining({ tags: { agent: '127.0.0.1', trap: '1.3.6.1.4.1.8072.9.9' } }),
    ]);
  });

  it('counts and drops unknown communities, wrong v3 keys and garbage, and keeps receiving', async () => {
    const before = { unauthorised: await traps('unauthorised'), malformed: await traps('malformed') };
    const count = samples.length;
    await snmp('snmptrap', ['-v2c', '-c', 'nope', target(), '', LINK_DOWN, ...LINK_VARBINDS]);
    await v3Trap('wrongauth123', [LINK_DOWN]);
    await sendRaw(Buffer.from('this is not BER at all'));
    await sendRaw(Buffer.from([0x30, 0x82, 0xff, 0xff, 0x02, 0x01]));
    await waitFor(
      async () =>
        ((await traps('unauthorised')) >= before.unauthorised + 2 &&
          (await traps('malformed')) >= before.malformed + 2) ||
        undefined,
      5000,
      'rejections counted',
    );
    expect(samples.length).toBe(count);
    expect(status.get(RECEIVER_STATUS_KIND, 'traps')).toMatchObject({
      state: 'up',
      lastError: expect.any(String),
    });
    const got = await nextSamples(() =>
      snmp('snmptrap', ['-v2c', '-c', 'public', target(), '', LINK_UP, ...LINK_VARBINDS]),
    );
    expect(got[0]).toMatchObject({ tags: { trap: 'linkUp' } });
    expect(await traps('accepted')).toBe(5);
  });
});

/** snmptrap -v3 authPriv (SHA/AES) as TRAP_USER, with the given auth passphrase. */
function v3Trap(authKey: string, trap: string[]) {
  const security = ['-l', 'authPriv', '-a', 'SHA', '-A', authKey, '-x', 'AES', '-X', TRAP_USER.priv];
  return snmp('snmptrap', [
    '-v3',
    '-e',
    '0x8000000001020304',
    '-u',
    TRAP_USER.name,
    ...security,
    target(),
    '',
    ...trap,
  ]);
}

test('a port that cannot be bound errors the stream (the pipeline retries it), naming the socket', async () => {
  const { logger } = captureLogger();
  const config = collectorConfigSchema.parse({
    type: 'snmp_trap',
    address: '127.0.0.1',
    port,
    communities: ['public'],
  });
  const collector = createCollector('second', config, {
    logger,
    metrics: new Metrics({ processMetrics: false }),
    status: new StatusBoard(),
  });
  await expect(lastValueFrom(collector.samples$())).rejects.toThrow(
    `trap socket 127.0.0.1:${port}: bind EADDRINUSE`,
  );
});

async function sendRaw(bytes: Buffer): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) =>
    socket.send(bytes, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
  );
  socket.close();
}
