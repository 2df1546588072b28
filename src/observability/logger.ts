import pino from 'pino';

export type Logger = pino.Logger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Keys whose values never reach a log line, wherever they sit in a logged object. */
const SECRET_KEYS = [
  'password',
  'token',
  'community',
  'auth_key',
  'priv_key',
  'private_key',
  'passphrase',
  'secret',
  'authorization',
];

export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export interface LoggerOptions {
  level: LogLevel;
  /** Resolved secret values (from `${env:}`/`${file:}` references), scrubbed from every line wherever they appear. */
  secrets?: readonly string[];
  /** Where lines go; stderr by default so that `--once` output on stdout stays clean. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: secretScrubber(options.secrets ?? []) },
    },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
}

/** Values shorter than this are not scrubbed: they would blank out ordinary words and numbers. */
const MIN_SCRUBBED_LENGTH = 4;

/**
 * Key-based redaction misses a secret that ends up inside a message (an error
 * quoting a URL with a token, say); this replaces the values themselves in
 * each finished line. Lines are JSON, so values are matched JSON-escaped.
 */
export function secretScrubber(secrets: readonly string[]): (line: string) => string {
  const escaped = [...new Set(secrets)]
    .filter((secret) => secret.length >= MIN_SCRUBBED_LENGTH)
    .map((secret) => JSON.stringify(secret).slice(1, -1))
    .sort((a, b) => b.length - a.length);
  if (escaped.length === 0) return (line) => line;
  return (line) => {
    let scrubbed = line;
    for (const secret of escaped) {
      if (scrubbed.includes(secret)) scrubbed = scrubbed.split(secret).join('[redacted]');
    }
    return scrubbed;
  };
}

/** One child logger per component instance, named by kind and name. */
export function componentLogger(root: Logger, kind: string, name: string): Logger {
  return root.child({ component: kind, name });
}

/**
 * Logs at most once per interval per key: a device that sends garbage every
 * second must not flood the log. Time is passed in so that tests stay exact.
 */
export class LogThrottle {
  private readonly lastLogged = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Returns how many messages were suppressed since the last one, or -1 when this one should be suppressed. */
  admit(key: string, now: number): number {
    const last = this.lastLogged.get(key);
    if (last !== undefined && now - last < this.intervalMs) {
      this.suppressed.set(key, (this.suppressed.get(key) ?? 0) + 1);
      return -1;
    }
    if (last === undefined && this.lastLogged.size >= this.maxKeys) this.lastLogged.clear();
    this.lastLogged.set(key, now);
    const count = this.suppressed.get(key) ?? 0;
    this.suppressed.delete(key);
    return count;
  }
}
