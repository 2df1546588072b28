import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { octetsAsText } from '../../src/collectors/snmp/values';

const run = promisify(execFile);

/** The SNMP users every test snmpd knows (passphrases are test-only). */
export const USERS = {
  authPriv: { name: 'privuser', auth: 'authpass123', priv: 'privpass123' },
  authPriv256: { name: 'priv256user', auth: 'authpass256', priv: 'privpass256' },
  authNoPriv: { name: 'authuser', auth: 'authonly123' },
  noAuth: { name: 'noauthuser' },
} as const;
export const COMMUNITY = 'public';

export const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
export const IFX_ENTRY = '1.3.6.1.2.1.31.1.1.1';
/** Every column of the built-in if_mib set: field or tag name → column OID, as IF-MIB defines them. */
export const IF_MIB_COLUMNS: Readonly<Record<string, string>> = {
  ifName: `${IFX_ENTRY}.1`,
  ifAlias: `${IFX_ENTRY}.18`,
  ifAdminStatus: `${IF_ENTRY}.7`,
  ifOperStatus: `${IF_ENTRY}.8`,
  ifHighSpeed: `${IFX_ENTRY}.15`,
  ifHCInOctets: `${IFX_ENTRY}.6`,
  ifHCInUcastPkts: `${IFX_ENTRY}.7`,
  ifHCInMulticastPkts: `${IFX_ENTRY}.8`,
  ifHCInBroadcastPkts: `${IFX_ENTRY}.9`,
  ifHCOutOctets: `${IFX_ENTRY}.10`,
  ifHCOutUcastPkts: `${IFX_ENTRY}.11`,
  ifHCOutMulticastPkts: `${IFX_ENTRY}.12`,
  ifHCOutBroadcastPkts: `${IFX_ENTRY}.13`,
  ifInDiscards: `${IF_ENTRY}.13`,
  ifInErrors: `${IF_ENTRY}.14`,
  ifOutDiscards: `${IF_ENTRY}.19`,
  ifOutErrors: `${IF_ENTRY}.20`,
};

/** The if_mib columns' values, walked with snmpbulkwalk: OID → value. */
export async function walkIfMibColumns(port: number, netns?: string): Promise<Map<string, string>> {
  const walks = await Promise.all(Object.values(IF_MIB_COLUMNS).map((oid) => bulkWalk(port, oid, netns)));
  return new Map(walks.flatMap((walk) => [...walk]));
}

/** A UDP port on 127.0.0.1 that was free a moment ago (bind port 0, then release). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', resolve);
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

/** Commands run inside a network namespace when one is given. */
function inNamespace(netns: string | undefined, command: string, args: string[]): [string, string[]] {
  return netns === undefined ? [command, args] : ['ip', ['netns', 'exec', netns, command, ...args]];
}

export interface Snmpd {
  readonly port: number;
  readonly process: ChildProcess;
  readonly dir: string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's snmpd on 127.0.0.1 (in `netns` when given) with community
 * `public` and the USERS, and waits until it answers. The port is chosen free
 * unless given (a restart on the same port).
 */
export async function startSnmpd(
  options: { netns?: string; port?: number; sysName?: string } = {},
): Promise<Snmpd> {
  const dir = mkdtempSync(join(tmpdir(), 'noctua-snmpd-'));
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freeUdpPort());
    const conf = join(dir, 'snmpd.conf');
    writeFileSync(
      conf,
      [
        `agentAddress udp:127.0.0.1:${port}`,
        `rocommunity ${COMMUNITY} 127.0.0.1`,
        `createUser ${USERS.authPriv.name} SHA "${USERS.authPriv.auth}" AES "${USERS.authPriv.priv}"`,
        `createUser ${USERS.authPriv256.name} SHA-256 "${USERS.authPriv256.auth}" AES "${USERS.authPriv256.priv}"`,
        `createUser ${USERS.authNoPriv.name} MD5 "${USERS.authNoPriv.auth}"`,
        `createUser ${USERS.noAuth.name}`,
        `rouser ${USERS.authPriv.name} priv`,
        `rouser ${USERS.authPriv256.name} priv`,
        `rouser ${USERS.authNoPriv.name} auth`,
        `rouser ${USERS.noAuth.name} noauth`,
        `sysName ${options.sysName ?? 'noctua-test'}`,
        'dontLogTCPWrappersConnects yes',
        '',
      ].join('\n'),
    );
    const [command, args] = inNamespace(options.netns, '/usr/sbin/snmpd', [
      '-f',
      '-LE',
      '4',
      '-I',
      '-smux',
      '-C',
      '-c',
      conf,
    ]);
    const child = spawn(command, args, {
      env: { ...process.env, MIBS: '', SNMP_PERSISTENT_DIR: join(dir, 'persist') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(killer);
      }
    };
    if (await answers(port, options.netns, exited)) {
      return {
        port,
        process: child,
        dir,
        stop: async () => {
          await stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await stop();
    if (options.port !== undefined || attempt >= 3) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`snmpd did not start: ${stderr}`);
    }
  }
}

async function answers(port: number, netns: string | undefined, exited: Promise<void>): Promise<boolean> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 10_000;
  while (!gone && Date.now() < deadline) {
    try {
      await snmpCli(
        'snmpget',
        ['-v2c', '-c', COMMUNITY, '-t', '0.3', '-r', '0'],
        port,
        ['1.3.6.1.2.1.1.3.0'],
        netns,
      );
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return false;
}

async function snmpCli(
  tool: string,
  auth: string[],
  port: number,
  oids: string[],
  netns?: string,
): Promise<string> {
  const [command, args] = inNamespace(netns, tool, [
    ...auth,
    '-On',
    '-Oe',
    '-Ot',
    `127.0.0.1:${port}`,
    ...oids,
  ]);
  const { stdout } = await run(command, args, { env: { ...process.env, MIBS: '' }, maxBuffer: 64 << 20 });
  return stdout;
}

/** `snmpbulkwalk -On` of a subtree (v2c), parsed to the values the collector gives (as strings). */
export async function bulkWalk(port: number, oid: string, netns?: string): Promise<Map<string, string>> {
  const text = await snmpCli('snmpbulkwalk', ['-v2c', '-c', COMMUNITY, '-Cr50'], port, [oid], netns);
  return parseWalk(text);
}

/** Parses `-On -Oe -Ot` output lines (`.1.3.6... = TYPE: value`) into OID → value as the collector renders it. */
export function parseWalk(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\.?([\d.]+) = (?:([\w-]+): )?(.*)$/.exec(line);
    if (match === null || /^No (Such|more variables)/.test(match[3]!)) continue;
    const [, oid, type, raw] = match;
    values.set(oid!, renderValue(type, raw!));
  }
  return values;
}

function renderValue(type: string | undefined, raw: string): string {
  switch (type) {
    case 'STRING':
      return raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(["\\])/g, '$1') : raw;
    case 'Hex-STRING':
      return octetsAsText(Buffer.from(raw.replace(/\s+/g, ''), 'hex'));
    case 'OID':
      return raw.replace(/^\./, '');
    case undefined:
      return raw === '""' ? '' : raw;
    default:
      return raw.trim();
  }
}

/** A network namespace with `pairs` veth pairs (2 × pairs + 1 interfaces, lo included); needs root. */
export async function createNamespace(pairs: number): Promise<{ name: string; remove(): Promise<void> }> {
  const name = `noctua-snmp-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
  await run('ip', ['netns', 'add', name]);
  const remove = async () => {
    await run('ip', ['netns', 'del', name]).catch(() => undefined);
  };
  try {
    const dir = mkdtempSync(join(tmpdir(), 'noctua-netns-'));
    const batch = join(dir, 'links');
    const lines = ['link set lo up'];
    for (let i = 1; i <= pairs; i++) lines.push(`link add va${i} type veth peer name vb${i}`);
    writeFileSync(batch, `${lines.join('\n')}\n`);
    await run('ip', ['-n', name, '-batch', batch]);
    rmSync(dir, { recursive: true, force: true });
  } catch (error) {
    await remove();
    throw error;
  }
  return { name, remove };
}
