import type { Int64 } from '../long';

/*
 * The parts of gnmi.proto messages Noctua reads, as protobufjs decodes them
 * (keepCase names; 64-bit integers as Long; bytes as Buffer/Uint8Array; an
 * unset message field is null, an unset scalar its default).
 */

export interface PathElem {
  name: string;
  key?: Record<string, string>;
}

export interface Path {
  origin?: string;
  elem?: PathElem[];
  /** Deprecated string elements (gNMI < 0.4); used when elem is empty. */
  element?: string[];
  target?: string;
}

export interface Decimal64 {
  digits: Int64;
  precision: number;
}

export interface TypedValue {
  value?: keyof TypedValueMembers;
  string_val?: string;
  int_val?: Int64;
  uint_val?: Int64;
  bool_val?: boolean;
  bytes_val?: Uint8Array;
  float_val?: number;
  decimal_val?: Decimal64;
  leaflist_val?: { element?: TypedValue[] };
  any_val?: { type_url: string; value: Uint8Array };
  json_val?: Uint8Array;
  json_ietf_val?: Uint8Array;
  ascii_val?: string;
  proto_bytes?: Uint8Array;
  double_val?: number;
}

type TypedValueMembers = Omit<TypedValue, 'value'>;

export interface Update {
  path?: Path | null;
  val?: TypedValue | null;
  duplicates?: number;
}

export interface Notification {
  timestamp: Int64;
  prefix?: Path | null;
  update?: Update[];
  delete?: Path[];
}

export interface SubscribeResponse {
  response?: 'update' | 'sync_response' | 'error';
  update?: Notification;
  sync_response?: boolean;
  error?: { code: number; message: string };
}

export interface ModelData {
  name: string;
  organization: string;
  version: string;
}

export interface CapabilityResponse {
  supported_models?: ModelData[];
  supported_encodings?: number[];
  gNMI_version?: string;
}

export const ENCODING = { json: 0, bytes: 1, proto: 2, ascii: 3, json_ietf: 4 } as const;
export const SUBSCRIPTION_MODE = { target_defined: 0, on_change: 1, sample: 2 } as const;
export const LIST_MODE = { stream: 0, once: 1, poll: 2 } as const;

/** What the collector sends; intervals in nanoseconds. */
export interface SubscribeRequest {
  subscribe?: {
    prefix?: Path;
    subscription: {
      path: Path;
      mode: number;
      sample_interval: number;
      suppress_redundant: boolean;
      heartbeat_interval: number;
    }[];
    mode: number;
    encoding: number;
    updates_only: boolean;
  };
  poll?: Record<string, never>;
}
