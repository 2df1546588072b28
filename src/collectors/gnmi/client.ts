import { readFileSync } from 'node:fs';
import {
  type CallOptions,
  ChannelCredentials,
  Client,
  type ClientDuplexStream,
  type ClientOptions,
  status as grpcStatus,
  Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { Observable } from 'rxjs';
import type { Logger } from '../../observability/logger';
import type { Codec } from '../protos';
import type { GnmiConfig, GnmiTargetConfig } from './config';
import type { CapabilityResponse, SubscribeRequest } from './messages';
import { ENCODING } from './messages';

const SUBSCRIBE = '/gnmi.gNMI/Subscribe';
const CAPABILITIES = '/gnmi.gNMI/Capabilities';

export interface GnmiCodecs {
  subscribeRequest: Codec<SubscribeRequest>;
  capabilityRequest: Codec<Record<string, never>>;
  capabilityResponse: Codec<CapabilityResponse>;
}

/** Hooks of a subscription stream. */
export interface StreamEvents {
  /** The stream is open and the request was sent. */
  onOpen(): void;
  /** Called once the stream is open with a function that sends a Poll request (POLL mode). */
  poller?(poll: () => void): void;
}

/** TLS and credentials of the channel, built once per collector. */
export function channelCredentials(config: GnmiConfig): ChannelCredentials {
  const { tls } = config;
  if (!tls.enabled) return ChannelCredentials.createInsecure();
  const read = (file: string | undefined) => (file === undefined ? null : readFileSync(file));
  return ChannelCredentials.createSsl(
    read(tls.ca_file),
    read(tls.key_file),
    read(tls.cert_file),
    tls.skip_verify ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {},
  );
}

/**
 * One gNMI target: a channel, Capabilities at connect, and Subscribe
 * streams. Every call has a deadline except the subscription itself, whose
 * silence the caller watches.
 */
export class GnmiTargetClient {
  private readonly options: ClientOptions;

  constructor(
    readonly name: string,
    private readonly target: GnmiTargetConfig,
    private readonly config: GnmiConfig,
    private readonly credentials: ChannelCredentials,
    private readonly codecs: GnmiCodecs,
    private readonly logger: Logger,
  ) {
    this.options = {
      'grpc.keepalive_time_ms': config.keepalive.time,
      'grpc.keepalive_timeout_ms': config.keepalive.timeout,
      // Pings only while a stream is open: servers count pings without calls as abuse.
      'grpc.keepalive_permit_without_calls': 0,
      'grpc.max_receive_message_length': config.max_message_size,
      // Reconnection is ours (capped backoff, reset on data); keep grpc-js from retrying behind our back.
      'grpc.enable_retries': 0,
      ...(target.server_name === undefined ? {} : { 'grpc.ssl_target_name_override': target.server_name }),
    };
  }

  /**
   * Cold: connects, asks for capabilities, subscribes with `request`, and
   * emits every response as raw bytes. Completes when the target ends the
   * stream; errors when the connection or the stream fails. Unsubscribing
   * cancels the stream and closes the channel.
   */
  responses$(request: SubscribeRequest, events: StreamEvents): Observable<Buffer> {
    return new Observable<Buffer>((subscriber) => {
      const client = new Client(this.target.address, this.credentials, this.options);
      let call: ClientDuplexStream<SubscribeRequest, Buffer> | undefined;
      let closed = false;
      const fail = (error: unknown) => {
        if (!closed) subscriber.error(error);
      };
      client.waitForReady(Date.now() + this.config.timeout, (error) => {
        if (closed) return;
        if (error) {
          fail(
            new Error(
              `cannot connect to ${this.target.address} within ${this.config.timeout} ms: ${error.message}`,
            ),
          );
          return;
        }
        this.capabilities(client, (capError) => {
          if (closed) return;
          if (capError) {
            fail(capError);
            return;
          }
          call = client.makeBidiStreamRequest(
            SUBSCRIBE,
            this.codecs.subscribeRequest.encode,
            (bytes: Buffer) => bytes,
            this.metadata(),
            {} as CallOptions,
          );
          call.on('data', (bytes: Buffer) => subscriber.next(bytes));
          call.on('error', (streamError: ServiceError) => {
            if (streamError.code !== grpcStatus.CANCELLED || !closed) fail(describeStreamError(streamError));
          });
          call.on('end', () => {
            if (!closed) subscriber.complete();
          });
          call.write(request);
          events.onOpen();
          events.poller?.(() => call?.write({ poll: {} }));
        });
      });
      return () => {
        closed = true;
        call?.cancel();
        client.close();
      };
    });
  }

  private capabilities(client: Client, done: (error?: Error) => void): void {
    client.makeUnaryRequest(
      CAPABILITIES,
      this.codecs.capabilityRequest.encode,
      this.codecs.capabilityResponse.decode,
      {},
      this.metadata(),
      { deadline: Date.now() + this.config.timeout },
      (error, response) => {
        if (error) {
          // Subscribe may still work on a target without Capabilities; anything else is a failure.
          if (error.code === grpcStatus.UNIMPLEMENTED) {
            this.logger.warn('target does not implement Capabilities');
            done();
          } else done(describeStreamError(error));
          return;
        }
        this.logCapabilities(response!);
        done();
      },
    );
  }

  private logCapabilities(response: CapabilityResponse): void {
    const encodings = (response.supported_encodings ?? []).map(encodingName);
    const models = (response.supported_models ?? []).map((m) => `${m.name}@${m.version}`);
    const wanted = this.config.encoding;
    this.logger.info(
      {
        gnmi_version: response.gNMI_version,
        encodings,
        models: models.length,
        model_list: models.slice(0, 50),
      },
      'target capabilities',
    );
    if (encodings.length > 0 && !encodings.includes(wanted)) {
      this.logger.warn({ encoding: wanted, encodings }, 'target does not list the configured encoding');
    }
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.config.username !== undefined) metadata.set('username', this.config.username);
    if (this.config.password !== undefined) metadata.set('password', this.config.password);
    return metadata;
  }
}

function encodingName(value: number): string {
  return Object.entries(ENCODING).find(([, v]) => v === value)?.[0] ?? `unknown(${value})`;
}

/** A gRPC error with its status name, e.g. "NOT_FOUND: unknown path /foo". */
function describeStreamError(error: ServiceError): Error {
  const name = grpcStatus[error.code] ?? String(error.code);
  const described = new Error(`${name}: ${error.details || error.message}`);
  (described as Error & { code?: number }).code = error.code;
  return described;
}
