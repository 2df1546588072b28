import type { Socket } from 'node:dgram';
import * as snmp from 'net-snmp';
import { EMPTY, Observable } from 'rxjs';
import type { CollectOptions, Collector, Sample } from '../../core';
import { LogThrottle } from '../../observability/logger';
import type { CollectorDeps } from '../registry';
import { v3User } from '../snmp/session';
import type { SnmpTrapConfig } from './config';
import { type ReceivedTrap, trapSamples } from './decode';

/** The status board kind of each trap receiver. */
export const RECEIVER_STATUS_KIND = 'snmp_trap_receiver';

type Rejection = 'unauthorised' | 'malformed';

/** Each kind of rejection is logged at most this often. */
const LOG_INTERVAL_MS = 10_000;

/**
 * A UDP trap and inform receiver (net-snmp's): v1 and v2c traps with the
 * configured communities, v3 with the configured users. A trap with an
 * unknown community or user, a wrong key, or bytes that do not decode is
 * counted in noctua_snmp_traps_total{result} and logged (throttled); it never
 * ends the stream. A socket that cannot be bound errors the stream (the
 * pipeline retries it with backoff). With `--once` it receives nothing: it
 * has no round to poll.
 */
export class SnmpTrapCollector implements Collector {
  readonly kind = 'snmp_trap';

  constructor(
    readonly name: string,
    private readonly config: SnmpTrapConfig,
    private readonly deps: CollectorDeps,
  ) {}

  samples$(options: CollectOptions = {}): Observable<Sample> {
    if (options.once) return EMPTY;
    return new Observable<Sample>((subscriber) => {
      const { config, deps } = this;
      const now = deps.now ?? Date.now;
      const listen = `${config.address}:${config.port}`;
      const counts = { accepted: 0, unauthorised: 0, malformed: 0 };
      const throttle = new LogThrottle(LOG_INTERVAL_MS);
      const setStatus = () => deps.status.set(RECEIVER_STATUS_KIND, this.name, 'up', { listen, ...counts });
      const reject = (result: Rejection, error: Error & { rinfo?: { address: string } }) => {
        counts[result]++;
        deps.metrics.snmpTraps.inc({ collector: this.name, result });
        deps.status.error(RECEIVER_STATUS_KIND, this.name, error, 'up');
        setStatus();
        const suppressed = throttle.admit(result, now());
        if (suppressed >= 0) {
          deps.logger.warn(
            { result, from: error.rinfo?.address, error: detail(error), suppressed },
            'trap dropped',
          );
        }
      };
      const receiver = snmp.createReceiver(
        {
          port: config.port,
          address: config.address,
          transport: 'udp4',
          includeAuthentication: true,
        },
        (error: (Error & { rinfo?: { address: string } }) | null, trap?: ReceivedTrap) => {
          if (error) {
            if (error.rinfo === undefined)
              subscriber.error(new Error(`trap socket ${listen}: ${error.message}`));
            else reject(rejectionOf(error), error);
            return;
          }
          let samples: Sample[];
          try {
            samples = trapSamples(trap!, this.name, now());
          } catch (decodeError) {
            reject('malformed', Object.assign(decodeError as Error, { rinfo: trap?.rinfo }));
            return;
          }
          counts.accepted++;
          deps.metrics.snmpTraps.inc({ collector: this.name, result: 'accepted' });
          for (const sample of samples) subscriber.next(sample);
        },
      );
      const authorizer = receiver.getAuthorizer();
      for (const community of config.communities) authorizer.addCommunity(community);
      for (const user of config.users) authorizer.addUser(v3User(user));
      // net-snmp does not tell when its socket is bound; its listener keeps the sockets here.
      const sockets = Object.values(
        (receiver as { listener: { sockets: Record<string, Socket> } }).listener.sockets,
      );
      for (const socket of sockets) {
        socket.once('listening', () => {
          setStatus();
          deps.logger.info({ listen }, 'snmp trap receiver listening');
        });
      }
      return () => {
        receiver.close();
        deps.status.set(RECEIVER_STATUS_KIND, this.name, 'stopped');
      };
    });
  }
}

/** Authentication failures (unknown community or user, wrong digest, undecryptable) versus anything else. */
function rejectionOf(error: Error): Rejection {
  const inner = (error as { error?: unknown }).error;
  const text = `${error.message} ${inner instanceof Error ? inner.message : ''}`;
  if (/community|user|digest|decrypt|authentication|privacy/i.test(text)) return 'unauthorised';
  const code = (inner as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
  if (code === snmp.ResponseInvalidCode.EAuthFailure || code === snmp.ResponseInvalidCode.ECouldNotDecrypt) {
    return 'unauthorised';
  }
  return 'malformed';
}

function detail(error: Error): string {
  const inner = (error as { error?: unknown }).error;
  return inner instanceof Error ? `${error.message}: ${inner.message}` : error.message;
}
