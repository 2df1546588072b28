import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { StatusBoard } from '../observability/status';

export interface Readiness {
  /** Why Noctua is not ready yet; empty when it is. */
  notReadyReasons(): string[];
}

export interface HttpServerDeps {
  logger: Logger;
  metrics: Metrics;
  status: StatusBoard;
  readiness: Readiness;
  version: string;
  now?: () => number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** /metrics, /healthz, /readyz and /api/status on one plain HTTP listener. */
export class HttpServer {
  private server: Server | undefined;
  private readonly routes: Record<string, Handler>;
  private readonly startedAt: number;

  constructor(
    private readonly listen: string,
    private readonly deps: HttpServerDeps,
  ) {
    this.startedAt = (deps.now ?? Date.now)();
    this.routes = {
      '/metrics': (_req, res) => this.metrics(res),
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/readyz': (_req, res) => this.ready(res),
      '/api/status': (_req, res) => this.statusReport(res),
    };
  }

  async start(): Promise<AddressInfo> {
    const { host, port } = splitHostPort(this.listen);
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.deps.logger.error({ err: error, url: req.url }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.destroy();
      });
    });
    server.keepAliveTimeout = 5_000;
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.deps.logger.error({ err: error }, 'http server error'));
    this.server = server;
    const address = server.address() as AddressInfo;
    this.deps.logger.info({ address: `${address.address}:${address.port}` }, 'http server listening');
    return address;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url);
    const handler = path === undefined ? undefined : this.routes[path];
    if (!handler) return sendJson(res, 404, { error: `no such resource: ${req.url ?? ''}` });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, { error: `method ${req.method ?? ''} not allowed` });
    }
    await handler(req, res);
  }

  private async metrics(res: ServerResponse): Promise<void> {
    const body = await this.deps.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': this.deps.metrics.registry.contentType });
    res.end(body);
  }

  private ready(res: ServerResponse): void {
    const reasons = this.deps.readiness.notReadyReasons();
    sendJson(res, reasons.length === 0 ? 200 : 503, { ready: reasons.length === 0, reasons });
  }

  private statusReport(res: ServerResponse): void {
    const now = (this.deps.now ?? Date.now)();
    sendJson(res, 200, {
      version: this.deps.version,
      started_at: new Date(this.startedAt).toISOString(),
      uptime_seconds: Math.round((now - this.startedAt) / 1000),
      ready: this.deps.readiness.notReadyReasons().length === 0,
      components: this.deps.status.list().map((c) => ({
        kind: c.kind,
        name: c.name,
        state: c.state,
        since: new Date(c.since).toISOString(),
        last_error: c.lastError ?? null,
        last_error_at: c.lastErrorAt === undefined ? null : new Date(c.lastErrorAt).toISOString(),
        ...(c.details ? { details: c.details } : {}),
      })),
    });
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

export function splitHostPort(listen: string): { host: string; port: number } {
  const index = listen.lastIndexOf(':');
  const host = listen.slice(0, index).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(listen.slice(index + 1)) };
}
