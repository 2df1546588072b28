import { HttpError, InfluxDB, type SendOptions, type Transport } from '@influxdata/influxdb-client';
import type { SinkTarget, WriteReport } from '../../core';
import type { Logger } from '../../observability/logger';
import type { BufferConfig } from '../common';
import { LineProtocolEncoder } from '../line-protocol';
import { WriteFailure } from '../write-failure';
import type { InfluxSinkConfig } from './config';

type InfluxTargetConfig = Omit<InfluxSinkConfig, keyof BufferConfig | 'type'>;

/** Bodies larger than this are gzipped when gzip is on (the client's own default threshold). */
const GZIP_THRESHOLD_BYTES = 1000;
/** How much of a refused line is logged. */
const LOGGED_LINE_CHARS = 300;

/**
 * Writes batches of line protocol (millisecond timestamps) to InfluxDB with
 * the client library's HTTP transport (timeouts, gzip, TLS and proxies), and
 * none of its WriteApi buffering or retries: the buffered sink owns those, so
 * that every record is accounted for.
 *
 * - api v2: POST /api/v2/write?org=&bucket=&precision=ms, `Authorization: Token`;
 * - api v1: POST /write?db=&rp=&precision=ms, basic auth when a user is set.
 *
 * Answers: 2xx stored; 400 (a malformed line) and 413 (too large) split the
 * batch in halves until the refused line is alone, which is dropped, logged
 * and reported (the rest is stored); 401/403 fail as auth errors; 429/503
 * fail with the server's Retry-After; anything else, timeouts and network
 * errors fail, and the buffered sink retries.
 */
export class InfluxTarget implements SinkTarget {
  readonly kind = 'influxdb';
  readonly encoder = new LineProtocolEncoder();
  private readonly transport: Transport;
  private readonly path: string;
  private readonly sendOptions: SendOptions;

  constructor(
    readonly name: string,
    config: InfluxTargetConfig,
    private readonly logger: Logger,
  ) {
    const headers: Record<string, string> = {};
    if (config.api === 'v1' && config.username !== undefined) {
      const credentials = Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64');
      headers.authorization = `Basic ${credentials}`;
    }
    this.transport = new InfluxDB({
      url: config.url,
      token: config.api === 'v2' ? config.token : undefined,
      timeout: config.timeout,
      headers,
    }).transport;
    this.path = writePath(config);
    this.sendOptions = {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      gzipThreshold: config.gzip ? GZIP_THRESHOLD_BYTES : undefined,
    };
  }

  /** Nothing to open: a server that is down at start is retried (or spooled) like one that fails later. */
  async start(): Promise<void> {}

  async write(batch: readonly string[]): Promise<WriteReport | undefined> {
    if (batch.length === 0) return undefined;
    const rejected = await this.writeRange(batch, 0, batch.length);
    return rejected > 0 ? { rejected } : undefined;
  }

  async close(): Promise<void> {}

  /** Writes batch[from, to); resolves with the number of lines the server refused for good. */
  private async writeRange(batch: readonly string[], from: number, to: number): Promise<number> {
    try {
      await this.transport.request(this.path, batch.slice(from, to).join('\n'), this.sendOptions);
      return 0;
    } catch (error) {
      const status = error instanceof HttpError ? error.statusCode : undefined;
      if (status !== 400 && status !== 413) throw writeFailure(error, status);
      if (to - from === 1) {
        this.logger.warn(
          { status, error: (error as HttpError).body, line: batch[from]!.slice(0, LOGGED_LINE_CHARS) },
          'server refused a line; it is dropped',
        );
        return 1;
      }
      const middle = (from + to) >>> 1;
      return (await this.writeRange(batch, from, middle)) + (await this.writeRange(batch, middle, to));
    }
  }
}

function writePath(config: InfluxTargetConfig): string {
  const query = new URLSearchParams();
  if (config.api === 'v2') {
    query.set('org', config.org ?? '');
    query.set('bucket', config.bucket ?? '');
    query.set('precision', 'ms');
    return `/api/v2/write?${query}`;
  }
  query.set('db', config.database ?? '');
  if (config.retention_policy !== undefined) query.set('rp', config.retention_policy);
  query.set('precision', 'ms');
  return `/write?${query}`;
}

function writeFailure(error: unknown, status: number | undefined): WriteFailure {
  const detail =
    error instanceof HttpError ? `HTTP ${status}: ${error.body ?? error.message}` : String(error);
  if (status === 401 || status === 403) {
    return new WriteFailure(`authentication failed (${detail})`, 'auth', undefined, { cause: error });
  }
  if (status === 429 || status === 503) {
    return new WriteFailure(`server busy (${detail})`, 'throttled', retryAfterMs(error as HttpError), {
      cause: error,
    });
  }
  return new WriteFailure(`write failed (${detail})`, 'unavailable', undefined, { cause: error });
}

/** Retry-After in seconds (the only form InfluxDB sends), as ms; undefined when absent. */
function retryAfterMs(error: HttpError): number | undefined {
  const seconds = error.retryAfter();
  return seconds > 0 ? seconds * 1000 : undefined;
}
