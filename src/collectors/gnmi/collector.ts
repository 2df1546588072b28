import { status as grpcStatus } from '@grpc/grpc-js';
import { defer, merge, Observable, repeat, timer } from 'rxjs';
import type { CollectOptions, Collector, Sample } from '../../core';
import { LogThrottle } from '../../observability/logger';
import { describeError } from '../../observability/status';
import { isolate } from '../../pipeline/isolate';
import { codec, loadProtos } from '../protos';
import type { CollectorDeps } from '../registry';
import { channelCredentials, type GnmiCodecs, GnmiTargetClient } from './client';
import type { GnmiConfig } from './config';
import { type DecodedResponse, SubscribeResponseDecoder } from './decoder';
import { SampleMapper } from './mapper';
import { formatPath } from './path';
import { measurementRules, subscribeRequest } from './request';

const LOG_INTERVAL_MS = 10_000;

/** Per-target facts shown in /api/status (a live object: read when the status is served). */
interface TargetStats {
  address: string;
  connected: boolean;
  sync_received: boolean;
  /** Epoch ms of the last notification, 0 before the first. */
  last_update: number;
  updates_received: number;
  reconnects: number;
}

/**
 * gNMI dial-in: one Subscribe stream per target (STREAM, POLL or ONCE), each
 * isolated: a stream that fails, ends or goes silent is resubscribed after
 * capped backoff, forever, and the backoff starts over once data arrives.
 */
export class GnmiCollector implements Collector {
  readonly kind = 'gnmi';
  private readonly codecs: GnmiCodecs;
  private readonly now: () => number;

  constructor(
    readonly name: string,
    private readonly config: GnmiConfig,
    private readonly deps: CollectorDeps,
  ) {
    const root = loadProtos(['gnmi.proto']);
    this.codecs = {
      subscribeRequest: codec(root.lookupType('gnmi.SubscribeRequest')),
      capabilityRequest: codec(root.lookupType('gnmi.CapabilityRequest')),
      capabilityResponse: codec(root.lookupType('gnmi.CapabilityResponse')),
    };
    this.now = deps.now ?? Date.now;
    // Validates paths again, so a bad one fails at build time.
    measurementRules(config);
  }

  samples$(options: CollectOptions = {}): Observable<Sample> {
    return defer(() => {
      const credentials = channelCredentials(this.config);
      const rules = measurementRules(this.config);
      return merge(
        ...Object.entries(this.config.targets).map(([target, settings]) => {
          const client = new GnmiTargetClient(
            target,
            settings,
            this.config,
            credentials,
            this.codecs,
            this.deps.logger.child({ target }),
          );
          const mapper = new SampleMapper({
            collector: this.name,
            target,
            rules,
            maxSeries: this.config.max_series,
          });
          const decoder = new SubscribeResponseDecoder(mapper, this.now);
          return this.target$(
            client,
            decoder,
            settings.address,
            settings.prefix_target,
            options.once === true,
          );
        }),
      );
    });
  }

  private target$(
    client: GnmiTargetClient,
    decoder: SubscribeResponseDecoder,
    address: string,
    prefixTarget: string | undefined,
    once: boolean,
  ): Observable<Sample> {
    const target = client.name;
    const labels = { collector: this.name, target };
    const { metrics, status, logger } = this.deps;
    const log = logger.child({ target });
    const stats: TargetStats = {
      address,
      connected: false,
      sync_received: false,
      last_update: 0,
      updates_received: 0,
      reconnects: 0,
    };
    const statusName = `${this.name}/${target}`;
    const updates = metrics.grpcUpdates.labels(labels);
    const lastUpdate = metrics.grpcLastUpdate.labels(labels);
    const throttle = new LogThrottle(LOG_INTERVAL_MS);
    const problem = (reason: string, details: Record<string, unknown>) => {
      metrics.grpcErrors.inc({ ...labels, reason });
      const suppressed = throttle.admit(reason, this.now());
      if (suppressed >= 0) log.warn({ reason, suppressed, ...details }, 'bad input from target');
    };
    const onValueProblem = (reason: string, path: string) => problem(reason, { path });
    const setConnected = (connected: boolean) => {
      stats.connected = connected;
      metrics.grpcTargetConnected.set(labels, connected ? 1 : 0);
      if (!connected) {
        stats.sync_received = false;
        metrics.grpcTargetSynced.set(labels, 0);
      }
    };
    const request = subscribeRequest(this.config, prefixTarget);

    const session$ = () =>
      new Observable<Sample>((subscriber) => {
        let poll: NodeJS.Timeout | undefined;
        const emit = (sample: Sample) => subscriber.next(sample);
        const responses = client
          .responses$(request, {
            onOpen: () => {
              setConnected(true);
              status.set('gnmi_target', statusName, 'up', stats as unknown as Record<string, unknown>);
              log.info({ address, mode: this.config.mode }, 'subscribed');
            },
            poller:
              this.config.mode === 'poll' && !once
                ? (sendPoll) => {
                    poll = setInterval(sendPoll, this.config.poll_interval);
                  }
                : undefined,
          })
          .subscribe({
            next: (bytes) => {
              let response: DecodedResponse;
              try {
                response = decoder.decode(bytes, emit, onValueProblem);
              } catch (error) {
                problem('malformed_message', { err: describeError(error), bytes: bytes.length });
                return;
              }
              switch (response.kind) {
                case 'update': {
                  const count = response.updates + response.deletes;
                  stats.updates_received += count;
                  stats.last_update = this.now();
                  updates.inc(count);
                  lastUpdate.set(stats.last_update / 1000);
                  break;
                }
                case 'sync_response':
                  if (!stats.sync_received)
                    log.info({ updates: stats.updates_received }, 'sync_response received');
                  stats.sync_received = true;
                  metrics.grpcTargetSynced.set(labels, 1);
                  if (once) subscriber.complete();
                  break;
                case 'error':
                  problem('target_error', { error: response.message, code: response.code });
                  break;
                default:
                  problem('empty_response', {});
              }
            },
            error: (error: unknown) => subscriber.error(error),
            complete: () => subscriber.complete(),
          });
        return () => {
          clearInterval(poll);
          responses.unsubscribe();
          setConnected(false);
        };
      });

    if (once) return defer(session$);
    const rounds$ =
      this.config.mode === 'once'
        ? () => defer(session$).pipe(repeat({ delay: () => timer(this.config.poll_interval) }))
        : session$;
    status.set('gnmi_target', statusName, 'starting', stats as unknown as Record<string, unknown>);
    return isolate(
      rounds$,
      {
        name: `${this.name}/${target}`,
        inactivityTimeout: this.config.inactivity_timeout,
        backoff: this.config.backoff,
        restartOnComplete: true,
      },
      {
        onState: (state, error) => {
          if (error === undefined) {
            if (state !== 'up') status.set('gnmi_target', statusName, state);
            return;
          }
          const reason =
            (error as { code?: number }).code === grpcStatus.RESOURCE_EXHAUSTED
              ? 'message_too_large'
              : 'stream_failed';
          metrics.grpcErrors.inc({ ...labels, reason });
          status.error('gnmi_target', statusName, error, 'down');
          log.warn(
            { err: error, paths: request.subscribe?.subscription.map((s) => formatPath(s.path)) },
            'subscription failed',
          );
        },
        onRetry: (attempt, delayMs) => {
          stats.reconnects++;
          metrics.grpcReconnects.inc(labels);
          log.info({ attempt, delay_ms: delayMs }, 'resubscribing');
        },
      },
    );
  }
}
