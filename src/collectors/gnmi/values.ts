import type { FieldValue } from '../../core';
import type { FieldSink } from '../field-shapes';

/** Why an update's value was not turned into fields (counted and logged by the caller). */
export type ValueProblem = 'no_value' | 'bad_json' | 'unsupported_value' | 'json_list_of_objects';

const SAFE_INTEGER_DIGITS = 15;
const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?\d+\.\d+$/;

/**
 * Adds the fields of a JSON or JSON_IETF value under `name`: a scalar is one
 * field (named `leaf` when `name` is empty, i.e. at exactly the measurement's
 * path), an object one field per leaf (`name/child/leaf`, or just the leaf
 * names when `name` is empty), a list of scalars a comma-separated string.
 */
export function addJson(
  text: string,
  name: string,
  out: FieldSink,
  ietf: boolean,
  leaf: string,
): ValueProblem | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'bad_json';
  }
  const container = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  return addJsonValue(parsed, name === '' && !container ? leaf : name, out, ietf);
}

function addJsonValue(value: unknown, name: string, out: FieldSink, ietf: boolean): ValueProblem | undefined {
  if (value === null) return 'no_value';
  if (Array.isArray(value)) {
    if (value.some((v) => typeof v === 'object' && v !== null)) return 'json_list_of_objects';
    out.add(name, value.map(String).join(','));
    return undefined;
  }
  switch (typeof value) {
    case 'number':
    case 'boolean':
      out.add(name, value);
      return undefined;
    case 'string':
      out.add(name, ietf ? fromIetfString(value) : value);
      return undefined;
    case 'object': {
      let problem: ValueProblem | undefined;
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        // RFC 7951 qualifies names with their module ("openconfig-interfaces:name"): keep the local part.
        const local = key.slice(key.indexOf(':') + 1);
        problem = addJsonValue(child, name === '' ? local : `${name}/${local}`, out, ietf) ?? problem;
      }
      return problem;
    }
    default:
      return 'bad_json';
  }
}

/** RFC 7951 writes 64-bit integers and decimals as strings; give them back as numbers. */
function fromIetfString(text: string): FieldValue {
  if (INTEGER_TEXT.test(text)) {
    const digits = text.startsWith('-') ? text.length - 1 : text.length;
    if (digits <= SAFE_INTEGER_DIGITS) return Number(text);
    const big = BigInt(text);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(big)
      : big;
  }
  if (DECIMAL_TEXT.test(text)) return Number(text);
  return text;
}
