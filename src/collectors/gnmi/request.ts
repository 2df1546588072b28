import type { GnmiConfig } from './config';
import type { MeasurementRule } from './mapper';
import { ENCODING, LIST_MODE, type Path, SUBSCRIPTION_MODE, type SubscribeRequest } from './messages';
import { elementsOf, parsePath, schemaPath } from './path';

const NANOS_PER_MS = 1_000_000;

/** The SubscribeRequest a target gets, from config; `prefixTarget` fills the prefix's target field. */
export function subscribeRequest(config: GnmiConfig, prefixTarget: string | undefined): SubscribeRequest {
  const parsed = config.prefix === undefined ? undefined : parsePath(config.prefix);
  const prefix: Path | undefined =
    parsed === undefined && prefixTarget === undefined ? undefined : { ...parsed, target: prefixTarget };
  return {
    subscribe: {
      prefix,
      subscription: Object.values(config.subscriptions).map((s) => ({
        path: parsePath(s.path),
        mode: SUBSCRIPTION_MODE[s.mode],
        sample_interval: s.sample_interval * NANOS_PER_MS,
        suppress_redundant: s.suppress_redundant,
        heartbeat_interval: s.heartbeat_interval * NANOS_PER_MS,
      })),
      mode: LIST_MODE[config.mode],
      encoding: ENCODING[config.encoding],
      updates_only: config.updates_only,
    },
  };
}

/** Measurement names by path: each alias, then each subscription (under the prefix); an alias wins a tie. */
export function measurementRules(config: GnmiConfig): MeasurementRule[] {
  const prefix = config.prefix === undefined ? [] : elementsOf(parsePath(config.prefix));
  const aliases = Object.entries(config.aliases).map(([name, path]) => ({
    name,
    path: schemaPath(elementsOf(parsePath(path))),
  }));
  const subscriptions = Object.entries(config.subscriptions).map(([name, s]) => ({
    name,
    path: schemaPath([...prefix, ...elementsOf(parsePath(s.path))]),
  }));
  return [...aliases, ...subscriptions];
}
