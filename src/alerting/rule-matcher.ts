import type { RuleConfig } from '../config/schema';
import { compileGlob, type GlobMatcher } from '../core/glob';
import type { Sample } from '../core/sample';

/** A rule ready for the hot path: its name and validated settings. */
export interface CompiledRule {
  readonly name: string;
  readonly config: RuleConfig;
}

/** The rule that owns a field of a sample, or undefined when no rule selects it. */
export type RuleMatcher = (sample: Sample, field: string) => CompiledRule | undefined;

type Selector = (sample: Sample, field: string) => boolean;

/**
 * Compiles the `rules` map of the config. Rules are tried in insertion order
 * and the first one that selects a field owns it. A rule selects a field when
 * the measurement, one of the field patterns and every tag pattern match, and
 * the sample comes from one of `match.collectors` (any collector when absent).
 * A tag pattern needs the tag to be present with a non-empty value, as series
 * keys ignore empty tags; so `host: "*"` means "has a host tag".
 *
 * Note that JavaScript orders integer-like object keys ("10", "2") before the
 * others, whatever their place in the YAML file.
 */
export function compileRules(rules: Readonly<Record<string, RuleConfig>>): RuleMatcher {
  const compiled = Object.entries(rules).map(([name, config]) => ({
    rule: { name, config },
    selects: compileSelector(config.match),
  }));
  return (sample, field) => {
    for (const { rule, selects } of compiled) {
      if (selects(sample, field)) return rule;
    }
    return undefined;
  };
}

function compileSelector(match: RuleConfig['match']): Selector {
  const measurement = compileGlob(match.measurement);
  const fields = match.fields.map(compileGlob);
  const tags: [string, GlobMatcher][] = Object.entries(match.tags).map(([tag, pattern]) => [
    tag,
    compileGlob(pattern),
  ]);
  const collectors = match.collectors === undefined ? undefined : new Set(match.collectors);
  return (sample, field) =>
    (collectors === undefined || collectors.has(sample.source)) &&
    measurement(sample.measurement) &&
    fields.some((matches) => matches(field)) &&
    tags.every(([tag, matches]) => {
      const value = Object.hasOwn(sample.tags, tag) ? sample.tags[tag] : undefined;
      return value !== undefined && value !== '' && matches(value);
    });
}
