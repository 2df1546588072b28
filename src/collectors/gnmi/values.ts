import type { FieldValue } from '../../core';
import { int64ToField } from '../long';
import type { TypedValue } from './messages';

/** Fields being built for one sample; values are added under a name. */
export type FieldSink = Record<string, FieldValue>;

/** Why an update's value was not turned into fields (counted and logged by the caller). */
export type ValueProblem = 'no_value' | 'bad_json' | 'unsupported_value' | 'json_list_of_objects';

const SAFE_INTEGER_DIGITS = 15;
const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?\d+\.\d+$/;

/**
 * Adds the fields of one TypedValue under `path`: a scalar becomes one field,
 * a JSON object one field per leaf (`path/child/leaf`), a leaf-list one
 * comma-separated string. An empty `path` (an update at exactly the
 * measurement's path) spreads a JSON object's leaves and names a scalar
 * `leaf`. 64-bit integers stay exact (bigint beyond 2^53). Returns the problem
 * when nothing could be added.
 */
export function addTypedValue(
  value: TypedValue | null | undefined,
  path: string,
  out: FieldSink,
  leaf = path,
): ValueProblem | undefined {
  const isJson = value?.value === 'json_val' || value?.value === 'json_ietf_val';
  const name = path === '' && !isJson ? leaf : path;
  switch (value?.value) {
    case 'double_val':
      out[name] = value.double_val!;
      return undefined;
    case 'uint_val':
      out[name] = int64ToField(value.uint_val!);
      return undefined;
    case 'int_val':
      out[name] = int64ToField(value.int_val!);
      return undefined;
    case 'float_val':
      out[name] = value.float_val!;
      return undefined;
    case 'bool_val':
      out[name] = value.bool_val!;
      return undefined;
    case 'string_val':
      out[name] = value.string_val!;
      return undefined;
    case 'ascii_val':
      out[name] = value.ascii_val!;
      return undefined;
    case 'bytes_val':
      out[name] = Buffer.from(value.bytes_val!).toString('base64');
      return undefined;
    case 'decimal_val': {
      const { digits, precision } = value.decimal_val!;
      out[name] = Number(int64ToField(digits)) / 10 ** precision;
      return undefined;
    }
    case 'leaflist_val':
      return addLeafList(value.leaflist_val?.element ?? [], name, out);
    case 'json_val':
      return addJson(value.json_val!, name, out, false, leaf);
    case 'json_ietf_val':
      return addJson(value.json_ietf_val!, name, out, true, leaf);
    case 'any_val':
    case 'proto_bytes':
      return 'unsupported_value';
    default:
      return 'no_value';
  }
}

function addLeafList(elements: readonly TypedValue[], name: string, out: FieldSink): ValueProblem | undefined {
  const scratch: FieldSink = {};
  const parts: string[] = [];
  for (const element of elements) {
    const problem = addTypedValue(element, 'v', scratch);
    if (problem !== undefined) return problem;
    const v = scratch.v;
    if (typeof v === 'object') return 'unsupported_value';
    parts.push(String(v));
  }
  out[name] = parts.join(',');
  return undefined;
}

function addJson(
  bytes: Uint8Array,
  name: string,
  out: FieldSink,
  ietf: boolean,
  leaf: string,
): ValueProblem | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
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
    out[name] = value.map(String).join(',');
    return undefined;
  }
  switch (typeof value) {
    case 'number':
    case 'boolean':
      out[name] = value;
      return undefined;
    case 'string':
      out[name] = ietf ? fromIetfString(value) : value;
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
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  if (DECIMAL_TEXT.test(text)) return Number(text);
  return text;
}
