import { isIPv6 } from 'node:net';
import * as snmp from 'net-snmp';
import type { SnmpAgentConfig, V3UserConfig } from './config';
import { Limiter } from './limiter';
import { isBelow } from './oid';

export interface SessionOptions {
  /** Per request, ms, before a retransmission. */
  readonly timeout: number;
  readonly retries: number;
  /** Requests in flight at once. */
  readonly maxConcurrency: number;
}

/** OIDs per GET request: keeps the response well below any agent's message size limit. */
const GET_CHUNK = 32;

/**
 * One agent's UDP session (net-snmp), with every request going through a
 * concurrency limiter. Built without I/O; `open()` creates the socket.
 */
export class AgentSession {
  private session: snmp.Session | undefined;
  private readonly limiter: Limiter;

  constructor(
    private readonly agent: SnmpAgentConfig,
    private readonly options: SessionOptions,
  ) {
    this.limiter = new Limiter(options.maxConcurrency);
  }

  open(): void {
    this.close();
    const { agent, options } = this;
    const common = {
      port: agent.port,
      timeout: options.timeout,
      retries: options.retries,
      backoff: 1,
      transport: isIPv6(agent.host) ? ('udp6' as const) : ('udp4' as const),
    };
    const session =
      agent.version === '3'
        ? snmp.createV3Session(agent.host, v3User(agent.user!), {
            ...common,
            version: snmp.Version3,
            context: agent.context,
          })
        : snmp.createSession(agent.host, agent.community!, { ...common, version: snmp.Version2c });
    // Socket errors reach the pending requests; an unhandled 'error' event would end the process.
    session.on('error', () => {});
    this.session = session;
  }

  close(): void {
    if (this.session === undefined) return;
    const session = this.session;
    this.session = undefined;
    session.cancelRequests(new Error('session closed'));
    try {
      session.close();
    } catch {
      // already closed
    }
  }

  /** Fails every request in flight with `error` (a poll past its budget). */
  cancel(error: Error): void {
    this.session?.cancelRequests(error);
  }

  /** GETs the OIDs (in chunks); returns every varbind that came back, exceptions included. */
  async get(oids: readonly string[]): Promise<snmp.Varbind[]> {
    const session = this.current();
    const chunks: string[][] = [];
    for (let i = 0; i < oids.length; i += GET_CHUNK) chunks.push(oids.slice(i, i + GET_CHUNK));
    const results = await Promise.all(
      chunks.map((chunk) =>
        this.limiter.run(
          () =>
            new Promise<snmp.Varbind[]>((resolve, reject) => {
              session.get(chunk, (error, varbinds) => (error ? reject(error) : resolve(varbinds ?? [])));
            }),
        ),
      ),
    );
    return results.flat();
  }

  /**
   * Walks the subtree under `oid` with GETBULK, `maxRepetitions` per request,
   * and stops at its end: at the first OID outside it, at endOfMibView, or
   * on an empty response. (net-snmp's own walk() runs on past the subtree.)
   */
  async walk(oid: string, maxRepetitions: number): Promise<snmp.Varbind[]> {
    // The session of this walk: after a reopen, its leftover requests fail instead of using the new one.
    const session = this.current();
    const found: snmp.Varbind[] = [];
    let next = oid;
    for (;;) {
      const from = next;
      const rows = await this.limiter.run(
        () =>
          new Promise<snmp.Varbind[]>((resolve, reject) => {
            session.getBulk([from], 0, maxRepetitions, (error, varbinds) =>
              error ? reject(error) : resolve((varbinds?.[0] as snmp.Varbind[] | undefined) ?? []),
            );
          }),
      );
      for (const varbind of rows) {
        if (snmp.isVarbindError(varbind) || !isBelow(oid, varbind.oid)) return found;
        found.push(varbind);
      }
      if (rows.length === 0) return found;
      next = rows[rows.length - 1]!.oid;
    }
  }

  private current(): snmp.Session {
    if (this.session === undefined) throw new Error('session is not open');
    return this.session;
  }
}

const AUTH_PROTOCOLS: Record<V3UserConfig['auth_protocol'], snmp.AuthProtocols> = {
  md5: snmp.AuthProtocols.md5,
  sha: snmp.AuthProtocols.sha,
  sha224: snmp.AuthProtocols.sha224,
  sha256: snmp.AuthProtocols.sha256,
  sha384: snmp.AuthProtocols.sha384,
  sha512: snmp.AuthProtocols.sha512,
};

const PRIV_PROTOCOLS: Record<V3UserConfig['priv_protocol'], snmp.PrivProtocols> = {
  des: snmp.PrivProtocols.des,
  aes: snmp.PrivProtocols.aes,
  aes256b: snmp.PrivProtocols.aes256b,
  aes256r: snmp.PrivProtocols.aes256r,
};

const LEVELS: Record<V3UserConfig['level'], snmp.SecurityLevel> = {
  no_auth_no_priv: snmp.SecurityLevel.noAuthNoPriv,
  auth_no_priv: snmp.SecurityLevel.authNoPriv,
  auth_priv: snmp.SecurityLevel.authPriv,
};

/** A v3 user in net-snmp's shape (used by sessions and by the trap receiver's authorizer). */
export function v3User(user: V3UserConfig): snmp.User {
  const level = LEVELS[user.level];
  return {
    name: user.name,
    level,
    ...(level === snmp.SecurityLevel.noAuthNoPriv
      ? {}
      : { authProtocol: AUTH_PROTOCOLS[user.auth_protocol], authKey: user.auth_key }),
    ...(level === snmp.SecurityLevel.authPriv
      ? { privProtocol: PRIV_PROTOCOLS[user.priv_protocol], privKey: user.priv_key }
      : {}),
  };
}

/** A net-snmp error as a message an operator can act on. */
export function describeSnmpError(error: unknown, options: SessionOptions): string {
  if (!(error instanceof Error)) return String(error);
  switch (error.name) {
    case 'RequestTimedOutError':
      return `no response within ${options.timeout} ms (${options.retries} retries): agent down or unreachable`;
    case 'ResponseInvalidError': {
      const code = (error as snmp.ResponseInvalidError).code;
      if (
        code === snmp.ResponseInvalidCode.EAuthFailure ||
        code === snmp.ResponseInvalidCode.ECouldNotDecrypt
      ) {
        return `SNMPv3 authentication failed: ${error.message} (check user, auth_key, priv_key and protocols)`;
      }
      return `invalid response: ${error.message}`;
    }
    case 'RequestFailedError':
      return `agent refused the request: ${error.message}`;
    default:
      return error.message || error.name;
  }
}
