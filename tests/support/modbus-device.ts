import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const SCRIPT = join(__dirname, '..', 'simulators', 'modbus_device.py');
/** Debian's python: the one on PATH may be pyenv's, which cannot see python3-pymodbus. */
const PYTHON = '/usr/bin/python3';

/** One value the device holds, as its script printed it (64-bit integers as decimal strings). */
export interface HeldValue {
  unit: number;
  table: 'holding' | 'input' | 'coil' | 'discrete_input';
  address: number;
  type?: string;
  order?: string;
  bit?: number;
  value: number | string | boolean;
}

export interface ModbusDevice {
  readonly port: number;
  readonly values: HeldValue[];
  readonly pid: number;
  stop(): Promise<void>;
}

export interface ModbusDeviceOptions {
  /** A fixed port (to restart a device where it was); a free one when absent. */
  port?: number;
  units?: number[];
  /** Seconds before every answer. */
  delay?: number;
}

/** A port that was free a moment ago (bound to 0 and released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts tests/simulators/modbus_device.py (pymodbus) on 127.0.0.1 and waits
 * until it accepts connections. With a free port chosen here, a port taken in
 * the meantime by someone else is retried with another one.
 */
export async function startModbusDevice(options: ModbusDeviceOptions = {}): Promise<ModbusDevice> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOn(port, options);
    } catch (error) {
      lastError = error;
      if (options.port !== undefined) break;
    }
  }
  throw lastError;
}

async function startOn(port: number, options: ModbusDeviceOptions): Promise<ModbusDevice> {
  const args = [SCRIPT, '--port', String(port), '--units', (options.units ?? [1, 2]).join(',')];
  if (options.delay !== undefined) args.push('--delay', String(options.delay));
  const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit');
  const stop = () => stopChild(child, exited);
  try {
    const firstLine = await Promise.race([
      once(createInterface({ input: child.stdout! }), 'line').then(([line]) => line as string),
      exited.then(() => {
        throw new Error(`modbus device exited before start: ${stderr}`);
      }),
    ]);
    const { values } = JSON.parse(firstLine) as { values: HeldValue[] };
    await waitUntilListening(port, exited, () => stderr);
    return { port, values, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilListening(
  port: number,
  exited: Promise<unknown>,
  stderr: () => string,
): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`modbus device exited: ${stderr()}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`modbus device not listening on ${port} after 10 s: ${stderr()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => done(true));
  });
}

/** SIGTERM, then SIGKILL if it has not exited within 3 s. */
async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
