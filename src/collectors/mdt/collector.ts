import { readFileSync } from 'node:fs';
import {
  status as grpcStatus,
  Server,
  ServerCredentials,
  type ServerDuplexStream,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import type { Type } from 'protobufjs';
import { defer, Observable, type Subscriber } from 'rxjs';
import type { CollectOptions, Collector, Sample } from '../../core';
import { LogThrottle } from '../../observability/logger';
import { describeError } from '../../observability/status';
import { type Int64, int64ToField } from '../long';
import { loadProtos } from '../protos';
import type { CollectorDeps } from '../registry';
import type { MdtConfig } from './config';
import { RowState, type Telemetry, telemetrySamples } from './telemetry';

const LOG_INTERVAL_MS = 10_000;

interface DialoutArgs {
  ReqId?: Int64;
  data?: Uint8Array;
  errors?: string;
  totalSize?: number;
}

type DialoutCall = ServerDuplexStream<Buffer, Buffer>;

/**
 * Cisco MDT dial-out: a gRPC server for gRPCMdtDialout/MdtDialout. Every
 * message a router streams holds one telemetry.Telemetry; its kvGPB rows
 * become samples. A bad message is counted and logged and the stream kept;
 * streams beyond `max_streams` and messages beyond `max_message_size` are
 * refused with RESOURCE_EXHAUSTED.
 */
export class MdtCollector implements Collector {
  readonly kind = 'mdt';
  private readonly argsType: Type;
  private readonly telemetryType: Type;
  private readonly now: () => number;

  constructor(
    readonly name: string,
    private readonly config: MdtConfig,
    private readonly deps: CollectorDeps,
  ) {
    const root = loadProtos(['mdt_grpc_dialout.proto', 'telemetry.proto']);
    this.argsType = root.lookupType('mdt_dialout.MdtDialoutArgs');
    this.telemetryType = root.lookupType('telemetry.Telemetry');
    this.now = deps.now ?? Date.now;
  }

  samples$(options: CollectOptions = {}): Observable<Sample> {
    return defer(
      () =>
        new Observable<Sample>((subscriber) => {
          const server = new Server({
            'grpc.max_receive_message_length': this.config.max_message_size,
            // Routers keep streams open for days; let their keepalive pings through.
            'grpc.keepalive_permit_without_calls': 1,
            'grpc.http2.min_ping_interval_without_data_ms': 10_000,
          });
          const streams = new Set<DialoutCall>();
          server.addService(this.service(), {
            MdtDialout: (call: DialoutCall) => this.serve(call, streams, subscriber, options.once === true),
          });
          server.bindAsync(this.config.listen, this.credentials(), (error, port) => {
            if (subscriber.closed) return;
            if (error) {
              subscriber.error(new Error(`cannot listen on ${this.config.listen}: ${error.message}`));
              return;
            }
            this.deps.logger.info({ listen: this.config.listen, port }, 'dial-out server listening');
            this.deps.status.set('mdt_server', this.name, 'up', { listen: this.config.listen, port });
          });
          return () => {
            for (const call of streams) call.end();
            server.forceShutdown();
            this.deps.metrics.grpcStreams.set({ collector: this.name }, 0);
          };
        }),
    );
  }

  private service(): ServiceDefinition {
    const identity = (bytes: Buffer) => bytes;
    return {
      MdtDialout: {
        path: '/mdt_dialout.gRPCMdtDialout/MdtDialout',
        requestStream: true,
        responseStream: true,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    };
  }

  private credentials(): ServerCredentials {
    const { tls } = this.config;
    if (!tls.enabled) return ServerCredentials.createInsecure();
    const ca = tls.client_ca_file === undefined ? null : readFileSync(tls.client_ca_file);
    return ServerCredentials.createSsl(
      ca,
      [{ cert_chain: readFileSync(tls.cert_file!), private_key: readFileSync(tls.key_file!) }],
      ca !== null,
    );
  }

  private serve(
    call: DialoutCall,
    streams: Set<DialoutCall>,
    subscriber: Subscriber<Sample>,
    once: boolean,
  ): void {
    const { metrics, logger } = this.deps;
    const peer = call.getPeer();
    const log = logger.child({ peer });
    const throttle = new LogThrottle(LOG_INTERVAL_MS);
    let router = peer;
    const problem = (reason: string, details: Record<string, unknown>) => {
      metrics.grpcErrors.inc({ collector: this.name, target: router, reason });
      if (throttle.admit(reason, this.now()) >= 0)
        log.warn({ reason, router, ...details }, 'bad dial-out message');
    };
    if (streams.size >= this.config.max_streams) {
      problem('too_many_streams', { max_streams: this.config.max_streams });
      call.emit('error', {
        code: grpcStatus.RESOURCE_EXHAUSTED,
        details: `at most ${this.config.max_streams} dial-out streams`,
      });
      return;
    }
    streams.add(call);
    metrics.grpcStreams.set({ collector: this.name }, streams.size);
    log.info({ streams: streams.size }, 'router connected');
    const context = {
      collector: this.name,
      aliases: this.config.aliases,
      now: this.now,
      rows: new RowState(),
    };
    const emit = (sample: Sample) => subscriber.next(sample);
    call.on('data', (bytes: Buffer) => {
      let telemetry: Telemetry;
      try {
        const args = this.argsType.decode(bytes) as DialoutArgs;
        if (args.errors)
          problem('router_error', { error: args.errors, req_id: String(int64ToField(args.ReqId ?? 0)) });
        if (args.data === undefined || args.data.length === 0) return;
        if (args.totalSize && args.totalSize > args.data.length) {
          problem('fragmented_message', { total_size: args.totalSize, size: args.data.length });
          return;
        }
        telemetry = this.telemetryType.decode(args.data) as Telemetry;
      } catch (error) {
        problem('malformed_message', { err: describeError(error), bytes: bytes.length });
        return;
      }
      if (telemetry.node_id_str) router = telemetry.node_id_str;
      metrics.grpcUpdates.inc({ collector: this.name, target: router });
      let trouble: string | undefined;
      try {
        trouble = telemetrySamples(telemetry, context, emit);
      } catch (error) {
        // A pathological tree (e.g. nested deeper than the stack) must not take the server down.
        trouble = 'malformed_message';
        log.warn({ err: describeError(error) }, 'dial-out message could not be turned into samples');
      }
      if (trouble !== undefined) problem(trouble, { encoding_path: telemetry.encoding_path });
      if (once && trouble === undefined) subscriber.complete();
    });
    const close = (reason: string, error?: unknown) => {
      if (!streams.delete(call)) return;
      metrics.grpcStreams.set({ collector: this.name }, streams.size);
      if (error !== undefined && (error as { code?: number }).code !== grpcStatus.CANCELLED) {
        problem('stream_failed', { err: describeError(error) });
      }
      log.info({ router, reason, streams: streams.size }, 'router disconnected');
    };
    call.on('end', () => {
      close('end');
      call.end();
    });
    call.on('error', (error: unknown) => close('error', error));
    call.on('cancelled', () => close('cancelled'));
  }
}
