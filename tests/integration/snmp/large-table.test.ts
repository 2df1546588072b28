import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI } from '../../support/process';
import {
  COMMUNITY,
  createNamespace,
  IF_MIB_COLUMNS,
  type Snmpd,
  startSnmpd,
  USERS,
  walkIfMibColumns,
} from '../../support/snmp';

const run = promisify(execFile);
jest.setTimeout(90_000);

/** 250 veth pairs + lo = 501 interfaces, served by a real snmpd inside the namespace. */
const PAIRS = 250;
let namespace: { name: string; remove(): Promise<void> } | undefined;
let snmpd: Snmpd | undefined;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'noctua-snmp-large-'));
  namespace = await createNamespace(PAIRS);
  snmpd = await startSnmpd({ netns: namespace.name, sysName: 'big-switch' });
});

afterAll(async () => {
  await snmpd?.stop();
  await namespace?.remove();
  rmSync(dir, { recursive: true, force: true });
});

interface JsonSample {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, string | number>;
  kinds?: Record<string, string>;
}

/** `noctua run --once` inside the namespace, as a user runs it; the samples it prints. */
async function runOnce(agent: string): Promise<JsonSample[]> {
  const config = join(dir, 'noctua.yaml');
  writeFileSync(
    config,
    `collectors:
  switch:
    type: snmp
    max_repetitions: 50
    object_sets: [system, if_mib]
    agents:
${agent}
`,
  );
  const { stdout } = await run(
    'ip',
    ['netns', 'exec', namespace!.name, process.execPath, CLI, 'run', '-c', config, '--once'],
    {
      env: {
        ...process.env,
        SNMP_COMMUNITY: COMMUNITY,
        SNMP_AUTH: USERS.authPriv.auth,
        SNMP_PRIV: USERS.authPriv.priv,
      },
      maxBuffer: 64 << 20,
    },
  );
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JsonSample);
}

/** Every value of every row equals snmpbulkwalk's; counters that moved between the walks lie between them. */
function expectSameAsWalk(
  samples: JsonSample[],
  before: Map<string, string>,
  after: Map<string, string>,
): void {
  const rows = samples.filter((s) => s.measurement === 'interface');
  expect(rows).toHaveLength(2 * PAIRS + 1);
  let compared = 0;
  for (const row of rows) {
    for (const [name, column] of Object.entries(IF_MIB_COLUMNS)) {
      const oid = `${column}.${row.tags.ifIndex}`;
      const value = String(row.fields[name] ?? row.tags[name]);
      const [low, high] = [before.get(oid)!, after.get(oid)!];
      if (low === high) expect(`${oid}=${value}`).toBe(`${oid}=${low}`);
      else {
        expect(BigInt(value)).toBeGreaterThanOrEqual(BigInt(low));
        expect(BigInt(value)).toBeLessThanOrEqual(BigInt(high));
      }
      compared++;
    }
    expect(row.kinds).toMatchObject({ ifHCInOctets: 'counter64', ifInErrors: 'counter32' });
  }
  expect(compared).toBe((2 * PAIRS + 1) * Object.keys(IF_MIB_COLUMNS).length);
}

describe(`a real snmpd with ${2 * PAIRS + 1} interfaces in a network namespace`, () => {
  it('v2c: `noctua run --once` prints every row with the values snmpbulkwalk -On gives', async () => {
    const before = await walkIfMibColumns(snmpd!.port, namespace!.name);
    const samples = await runOnce(
      `      big-switch:\n        host: 127.0.0.1\n        port: ${snmpd!.port}\n        community: \${env:SNMP_COMMUNITY}`,
    );
    const after = await walkIfMibColumns(snmpd!.port, namespace!.name);
    expectSameAsWalk(samples, before, after);
    expect(samples.find((s) => s.measurement === 'snmp_system')?.tags).toEqual({
      agent: 'big-switch',
      sysName: 'big-switch',
    });
  });

  it('v3 authPriv (SHA/AES): the same rows and values', async () => {
    const before = await walkIfMibColumns(snmpd!.port, namespace!.name);
    const samples = await runOnce(
      [
        '      big-switch:',
        '        host: 127.0.0.1',
        `        port: ${snmpd!.port}`,
        '        version: "3"',
        `        user: { name: ${USERS.authPriv.name}, auth_key: "\${env:SNMP_AUTH}", priv_key: "\${env:SNMP_PRIV}" }`,
      ].join('\n'),
    );
    const after = await walkIfMibColumns(snmpd!.port, namespace!.name);
    expectSameAsWalk(samples, before, after);
  });
});
