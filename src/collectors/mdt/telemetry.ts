import type { FieldValue, Sample, Tags } from '../../core';
import { FieldList, type FieldShape, FieldShapes, type FieldSink } from '../field-shapes';
import { type Int64, int64ToField } from '../long';
import { TagInterner } from '../tag-interner';

/** The parts of telemetry.proto Noctua reads, as protobufjs decodes them. */
export interface TelemetryField {
  timestamp?: Int64;
  name?: string;
  value_by_type?: string;
  bytes_value?: Uint8Array;
  string_value?: string;
  bool_value?: boolean;
  uint32_value?: number;
  uint64_value?: Int64;
  sint32_value?: number;
  sint64_value?: Int64;
  double_value?: number;
  float_value?: number;
  fields?: TelemetryField[];
}

export interface Telemetry {
  node_id_str?: string;
  subscription_id_str?: string;
  encoding_path?: string;
  msg_timestamp?: Int64;
  data_gpbkv?: TelemetryField[];
  data_gpb?: { row?: unknown[] };
}

export type TelemetryProblem = 'compact_gpb_unsupported' | 'no_data' | 'row_without_content';

export interface DecodeContext {
  /** Sample.source: the collector's name. */
  readonly collector: string;
  readonly aliases: Readonly<Record<string, string>>;
  readonly now: () => number;
  /** State kept across the messages of one stream (see RowState). */
  readonly rows: RowState;
}

/** Distinct tag sets of one stream kept per generation (see TagInterner). */
const MAX_TAG_SETS = 10_000;

/**
 * What makes a stream's rows cheap downstream: one tags object per tag set
 * (the pipeline caches series per tags object) and fields built in one step
 * from the names the series had last time (see FieldShapes).
 */
export class RowState {
  readonly tags = new TagInterner(MAX_TAG_SETS);
  readonly fields = new FieldList();
  readonly shapes = new FieldShapes();
  readonly lastShape = new WeakMap<Tags, FieldShape>();
}

/**
 * Self-describing key-value GPB (the data_gpbkv tree) to samples, like
 * Telegraf's cisco_telemetry_mdt: each top-level field is a row with a
 * `keys` and a `content` child. Keys become tags (with `source` = the
 * router's node id and `subscription`), content leaves become fields named by
 * their path inside content (`a/b/c`). The measurement is the alias of the
 * encoding path, or the path itself. Times are the row's (ms), else the
 * message's.
 */
export function telemetrySamples(
  telemetry: Telemetry,
  context: DecodeContext,
  emit: (sample: Sample) => void,
): TelemetryProblem | undefined {
  const rows = telemetry.data_gpbkv ?? [];
  if (rows.length === 0)
    return (telemetry.data_gpb?.row?.length ?? 0) > 0 ? 'compact_gpb_unsupported' : 'no_data';
  const path = telemetry.encoding_path ?? '';
  const measurement = context.aliases[path] ?? (path || 'mdt');
  const messageTime = millis(telemetry.msg_timestamp) || context.now();
  const state = context.rows;
  const fields = state.fields;
  let problem: TelemetryProblem | undefined;
  for (const row of rows) {
    const tagValues: Record<string, string> = {
      source: telemetry.node_id_str ?? '',
      subscription: telemetry.subscription_id_str ?? '',
    };
    fields.clear();
    let hasContent = false;
    // Key leaves become tags, as text.
    const tagSink: FieldSink = {
      add: (name, value) => {
        tagValues[name] = String(value);
      },
    };
    for (const part of row.fields ?? []) {
      if (part.name === 'keys') for (const key of part.fields ?? []) addLeaves(key, '', tagSink);
      else if (part.name === 'content') {
        for (const leaf of part.fields ?? []) addLeaves(leaf, '', fields);
        hasContent = true;
      }
    }
    if (!hasContent || fields.size === 0) {
      problem = 'row_without_content';
      continue;
    }
    const tags = state.tags.intern(measurement, tagValues);
    const last = state.lastShape.get(tags);
    const shape = state.shapes.shapeOf(fields.names, last);
    if (shape !== last) state.lastShape.set(tags, shape);
    emit({
      measurement,
      tags,
      fields: shape.build(fields.values),
      time: millis(row.timestamp) || messageTime,
      source: context.collector,
    });
  }
  return problem;
}

function addLeaves(field: TelemetryField, parent: string, out: FieldSink): void {
  const name = parent === '' ? (field.name ?? '') : `${parent}/${field.name ?? ''}`;
  const value = leafValue(field);
  if (value !== undefined) out.add(name, value);
  for (const child of field.fields ?? []) addLeaves(child, name, out);
}

function leafValue(field: TelemetryField): FieldValue | undefined {
  switch (field.value_by_type) {
    case 'uint64_value':
      return int64ToField(field.uint64_value!);
    case 'sint64_value':
      return int64ToField(field.sint64_value!);
    case 'uint32_value':
      return field.uint32_value;
    case 'sint32_value':
      return field.sint32_value;
    case 'double_value':
      return field.double_value;
    case 'float_value':
      return field.float_value;
    case 'bool_value':
      return field.bool_value;
    case 'string_value':
      return field.string_value;
    case 'bytes_value':
      return Buffer.from(field.bytes_value!).toString('base64');
    default:
      return undefined;
  }
}

function millis(value: Int64 | undefined): number {
  if (value === undefined) return 0;
  const ms = int64ToField(value);
  return typeof ms === 'bigint' ? 0 : ms;
}
