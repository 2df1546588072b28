import { defer, merge, Observable, repeat, timer } from 'rxjs';
import type { CollectOptions, Collector, Sample } from '../../core';
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
import { TargetMonitor } from './target-monitor';

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
          const monitor = new TargetMonitor(this.name, target, settings.address, {
            ...this.deps,
            logger: this.deps.logger.child({ target }),
            now: this.now,
          });
          return this.target$(client, decoder, monitor, settings.prefix_target, options.once === true);
        }),
      );
    });
  }

  private target$(
    client: GnmiTargetClient,
    decoder: SubscribeResponseDecoder,
    monitor: TargetMonitor,
    prefixTarget: string | undefined,
    once: boolean,
  ): Observable<Sample> {
    const request = subscribeRequest(this.config, prefixTarget);
    const onValueProblem = (reason: string, path: string) => monitor.problem(reason, { path });
    const session$ = () =>
      new Observable<Sample>((subscriber) => {
        let poll: NodeJS.Timeout | undefined;
        const emit = (sample: Sample) => subscriber.next(sample);
        const handle = (bytes: Buffer) => {
          let response: DecodedResponse;
          try {
            response = decoder.decode(bytes, emit, onValueProblem);
          } catch (error) {
            monitor.problem('malformed_message', { err: describeError(error), bytes: bytes.length });
            return;
          }
          switch (response.kind) {
            case 'update':
              monitor.received(response.updates + response.deletes);
              break;
            case 'sync_response':
              monitor.synced();
              if (once) subscriber.complete();
              break;
            case 'error':
              monitor.problem('target_error', { error: response.message, code: response.code });
              break;
            default:
              monitor.problem('empty_response', {});
          }
        };
        const polling = this.config.mode === 'poll' && !once;
        const responses = client
          .responses$(request, {
            onOpen: () => monitor.opened({ mode: this.config.mode }),
            poller: polling
              ? (sendPoll) => {
                  poll = setInterval(sendPoll, this.config.poll_interval);
                }
              : undefined,
          })
          .subscribe({
            next: handle,
            error: (error: unknown) => subscriber.error(error),
            complete: () => subscriber.complete(),
          });
        return () => {
          clearInterval(poll);
          responses.unsubscribe();
          monitor.closed();
        };
      });

    if (once) return defer(session$);
    // ONCE mode in a service: a new one-shot subscription every poll_interval; a round ending is no failure.
    const rounds$ =
      this.config.mode === 'once'
        ? () => defer(session$).pipe(repeat({ delay: () => timer(this.config.poll_interval) }))
        : session$;
    const paths = request.subscribe?.subscription.map((s) => formatPath(s.path)) ?? [];
    return isolate(
      rounds$,
      {
        name: `${this.name}/${client.name}`,
        inactivityTimeout: this.config.inactivity_timeout,
        backoff: this.config.backoff,
        restartOnComplete: true,
      },
      {
        onState: (state, error) => monitor.state(state, error, paths),
        onRetry: (attempt, delayMs) => monitor.retrying(attempt, delayMs),
      },
    );
  }
}
