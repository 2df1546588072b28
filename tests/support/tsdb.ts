import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './process';

/*
 * Real time-series servers for integration tests, started on free ports of
 * 127.0.0.1 in temp directories: InfluxDB 1.x (Debian `influxdb`) and
 * VictoriaMetrics (Debian `victoria-metrics`). Stopped by PID.
 */

/** A port that was free a moment ago (bound to 0, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

abstract class ServerProcess {
  private child: ChildProcess | undefined;
  private output = '';
  readonly dir: string;
  port = 0;

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts on a free port (tried again on another port if it does not come up), or on the same port again. */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.port === 0 || attempt > 1) this.port = await freePort();
      try {
        await this.launch();
        return;
      } catch (error) {
        await this.stop();
        if (attempt === 3) throw error;
      }
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops the server and deletes its directory. */
  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  protected abstract command(): { file: string; args: string[] };
  protected abstract ready(): Promise<boolean>;

  private async launch(): Promise<void> {
    const { file, args } = this.command();
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${file} exited: ${this.output.slice(-2000)}`);
        return (await this.ready()) ? true : undefined;
      },
      15_000,
      `${file} on port ${this.port}`,
    );
  }
}

export interface InfluxOptions {
  /** Turn authentication on (create the first user, an admin, with a query). */
  auth?: boolean;
  /** Largest write body accepted, bytes; larger ones get 413. */
  maxBodySize?: number;
}

/** InfluxDB 1.x: v1 /write and InfluxQL /query. */
export class InfluxServer extends ServerProcess {
  private rpcPort = 0;

  constructor(private readonly options: InfluxOptions = {}) {
    super('noctua-influxd-');
  }

  override async start(): Promise<void> {
    if (this.rpcPort === 0) this.rpcPort = await freePort();
    await super.start();
  }

  protected command() {
    const config = join(this.dir, 'influxdb.conf');
    writeFileSync(
      config,
      [
        'reporting-enabled = false',
        `bind-address = "127.0.0.1:${this.rpcPort}"`,
        '[meta]',
        `  dir = "${join(this.dir, 'meta')}"`,
        '[data]',
        `  dir = "${join(this.dir, 'data')}"`,
        `  wal-dir = "${join(this.dir, 'wal')}"`,
        '  query-log-enabled = false',
        '[monitor]',
        '  store-enabled = false',
        '[http]',
        `  bind-address = "127.0.0.1:${this.port}"`,
        '  log-enabled = false',
        `  auth-enabled = ${this.options.auth === true}`,
        `  max-body-size = ${this.options.maxBodySize ?? 25_000_000}`,
        '[logging]',
        '  level = "warn"',
        '',
      ].join('\n'),
    );
    return { file: '/usr/bin/influxd', args: ['run', '-config', config] };
  }

  protected async ready(): Promise<boolean> {
    const response = await fetch(`${this.url}/ping`);
    return response.status === 204;
  }

  /** Runs InfluxQL; returns the first statement's series. */
  async query(q: string, db?: string, auth?: { user: string; password: string }): Promise<InfluxSeries[]> {
    const params = new URLSearchParams({ q, epoch: 'ms' });
    if (db !== undefined) params.set('db', db);
    const headers: Record<string, string> = {};
    if (auth !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    }
    const response = await fetch(`${this.url}/query`, { method: 'POST', body: params, headers });
    const body = (await response.json()) as {
      error?: string;
      results?: Array<{ error?: string; series?: InfluxSeries[] }>;
    };
    const error = body.error ?? body.results?.[0]?.error;
    if (!response.ok || error !== undefined) throw new Error(`InfluxQL "${q}": ${error ?? response.status}`);
    return body.results?.[0]?.series ?? [];
  }

  async createDatabase(name: string, auth?: { user: string; password: string }): Promise<void> {
    await this.query(`CREATE DATABASE "${name}"`, undefined, auth);
  }
}

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** VictoriaMetrics: speaks the InfluxDB v2 (and v1) write API; read back with its export API. */
export class VictoriaMetricsServer extends ServerProcess {
  /** With a password, every request needs HTTP basic auth as user `noctua`. */
  constructor(private readonly password?: string) {
    super('noctua-vm-');
  }

  protected command() {
    mkdirSync(join(this.dir, 'data'), { recursive: true });
    return {
      file: '/usr/bin/victoria-metrics',
      args: [
        `-httpListenAddr=127.0.0.1:${this.port}`,
        `-storageDataPath=${join(this.dir, 'data')}`,
        '-retentionPeriod=100y',
        '-search.latencyOffset=0s',
        '-search.disableCache',
        '-loggerLevel=ERROR',
        ...(this.password === undefined
          ? []
          : ['-httpAuth.username=noctua', `-httpAuth.password=${this.password}`]),
      ],
    };
  }

  protected async ready(): Promise<boolean> {
    const response = await fetch(`${this.url}/health`, { headers: this.authHeaders() });
    return response.ok;
  }

  private authHeaders(): Record<string, string> {
    if (this.password === undefined) return {};
    return { authorization: `Basic ${Buffer.from(`noctua:${this.password}`).toString('base64')}` };
  }

  /** Every sample of the series matching a selector, after making recent writes searchable. */
  async exportSeries(match: string): Promise<VmSeries[]> {
    await fetch(`${this.url}/internal/force_flush`, { headers: this.authHeaders() });
    const response = await fetch(`${this.url}/api/v1/export?${new URLSearchParams({ 'match[]': match })}`, {
      headers: this.authHeaders(),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`export ${match}: ${response.status} ${text}`);
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as VmSeries);
  }
}

export interface VmSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}
