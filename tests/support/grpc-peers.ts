import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * Python peers (scripts/peers/) on Debian's python3-grpcio, with messages that
 * Debian's protoc generates from protos/ into a temp dir: an independent
 * protobuf and gRPC stack to test Noctua's gNMI and MDT code against.
 */

const PEERS = join(__dirname, '..', '..', 'scripts', 'peers');
const PYTHON = '/usr/bin/python3';

export interface Peer {
  child: ChildProcess;
  /** Port the peer listens on (gNMI target), once READY was printed. */
  port: number;
  output(): string;
  /** Stops it by PID and waits for the exit. */
  stop(): Promise<void>;
}

/** A temp dir with gnmi_pb2, telemetry_pb2 and mdt_grpc_dialout_pb2 from `protoc --python_out`. */
export function generatePythonMessages(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'noctua-pb-'));
  execFileSync(PYTHON, [join(PEERS, 'pb.py'), dir]);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function run(script: string, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(PYTHON, [join(PEERS, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
    });
}

/** Starts scripts/peers/gnmi_target.py on a free port; resolves once it serves. */
export async function startGnmiTarget(pbDir: string, args: string[] = []): Promise<Peer> {
  const { child, output } = run('gnmi_target.py', ['--pb-dir', pbDir, '--port', '0', ...args]);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gNMI target did not start: ${output()}`)), 10_000);
    const check = () => {
      const match = /READY (\d+)/.exec(output());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`gNMI target exited: ${output()}`));
    });
  });
  return { child, port, output, stop: stopper(child) };
}

export interface DialoutResult {
  stream: number;
  code: string;
  sent: number;
}

/** Runs scripts/peers/mdt_dialout.py to completion; resolves with one result per stream. */
export async function runDialout(
  pbDir: string,
  args: string[],
): Promise<{ results: DialoutResult[]; output: string }> {
  const { child, output } = run('mdt_dialout.py', ['--pb-dir', pbDir, ...args]);
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await new Promise((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  const results = output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as DialoutResult);
  return { results, output: output() };
}

/** A port that was free a moment ago (bind 0, release): for servers that must be told their port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Certificates {
  ca: string;
  otherCa: string;
  /** Server certificate for localhost and 127.0.0.1, signed by `ca`. */
  cert: string;
  key: string;
  /** Client certificate signed by `ca`. */
  clientCert: string;
  clientKey: string;
}

/** A CA, server and client certificates signed by it, and an unrelated CA (openssl). */
export function makeCertificates(dir: string): Certificates {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const key = (name: string) => ['-newkey', 'rsa:2048', '-nodes', '-keyout', file(`${name}.key`)];
  for (const ca of ['ca', 'other-ca']) {
    openssl(
      'req',
      '-x509',
      ...key(ca),
      '-days',
      '2',
      '-subj',
      `/CN=noctua test ${ca}`,
      '-out',
      file(`${ca}.pem`),
    );
  }
  const signed = (name: string, subject: string, extensions: string) => {
    openssl('req', ...key(name), '-subj', subject, '-out', file(`${name}.csr`));
    writeFileSync(file(`${name}.ext`), `${extensions}\n`);
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      file(`${name}.ext`),
      '-out',
      file(`${name}.pem`),
    );
  };
  signed('server', '/CN=localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1');
  signed('client', '/CN=noctua', 'extendedKeyUsage=clientAuth');
  return {
    ca: file('ca.pem'),
    otherCa: file('other-ca.pem'),
    cert: file('server.pem'),
    key: file('server.key'),
    clientCert: file('client.pem'),
    clientKey: file('client.key'),
  };
}
