/*
 * The gnmi.proto messages Noctua builds or reads as objects (requests and
 * Capabilities, through protobufjs with keepCase names). Subscribe responses
 * are decoded from the wire directly (decoder.ts).
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
