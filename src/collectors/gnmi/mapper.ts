import type { FieldValue, Sample, Tags } from '../../core';
import { int64ToBigInt, nanosToMillis } from '../long';
import type { Notification, Path, PathElem } from './messages';
import { elementsOf, formatPath, schemaPath } from './path';
import { addTypedValue, type FieldSink, type ValueProblem } from './values';

/** A measurement name for every update at or below `path` (element names only, no keys). */
export interface MeasurementRule {
  readonly name: string;
  readonly path: string;
}

export interface MapperOptions {
  /** Sample.source: the collector's name. */
  readonly collector: string;
  /** Value of the `source` tag: the target's name. */
  readonly target: string;
  /** Subscription paths and aliases; the longest matching path names the measurement. */
  readonly rules: readonly MeasurementRule[];
  /** Tag objects kept for reuse (one per series); the cache starts over when full. */
  readonly maxSeries: number;
  /** Receive time, used when a notification carries no timestamp. */
  readonly now: () => number;
}

export type ProblemHandler = (problem: ValueProblem, path: string) => void;

interface Group {
  readonly tags: Tags;
  readonly fields: FieldSink;
}

interface Location {
  readonly measurement: string;
  /** Field name relative to the measurement's path; empty for an update at exactly that path. */
  readonly field: string;
  /** Name of the last path element, for a scalar at exactly the measurement's path. */
  readonly leaf: string;
  readonly tags: Tags;
  readonly groupKey: string;
}

/**
 * Turns gNMI notifications into samples, like Telegraf's gnmi input and the
 * gNMIc event format: the keys along the path become tags (plus `source` =
 * target), the longest configured path (subscription or alias) that contains
 * the update names the measurement, and the rest of the path names the field.
 * Updates of one notification that share measurement and tags become one
 * sample. A delete becomes a sample whose only field is `deleted = true`.
 * Timestamps are nanoseconds: Sample.time gets the milliseconds, Sample.timeNs
 * the exact value.
 */
export class NotificationMapper {
  private readonly rules: readonly MeasurementRule[];
  private readonly tagCache = new Map<string, Tags>();

  constructor(private readonly options: MapperOptions) {
    this.rules = [...options.rules].sort((a, b) => b.path.length - a.path.length);
  }

  /** Emits the samples of one notification; returns the number of updates it held. */
  map(notification: Notification, emit: (sample: Sample) => void, onProblem: ProblemHandler): number {
    const nanos = int64ToBigInt(notification.timestamp ?? 0);
    const time = nanos === 0n ? this.options.now() : nanosToMillis(nanos);
    const timeNs = nanos === 0n ? undefined : nanos;
    const prefix = elementsOf(notification.prefix);
    const groups = new Map<string, Group & { measurement: string }>();
    const updates = notification.update ?? [];
    for (const update of updates) {
      const elems = joinElems(prefix, update.path);
      const where = this.locate(elems);
      let group = groups.get(where.groupKey);
      if (group === undefined) {
        group = { measurement: where.measurement, tags: where.tags, fields: {} };
        groups.set(where.groupKey, group);
      }
      const problem = addTypedValue(update.val, where.field, group.fields, where.leaf);
      if (problem !== undefined) onProblem(problem, formatPath({ ...notification.prefix, elem: [...elems] }));
    }
    for (const path of notification.delete ?? []) {
      const where = this.locate(joinElems(prefix, path));
      emit(this.sample(where.measurement, where.tags, { deleted: true }, time, timeNs));
    }
    for (const group of groups.values()) {
      if (hasKeys(group.fields)) emit(this.sample(group.measurement, group.tags, group.fields, time, timeNs));
    }
    return updates.length;
  }

  private sample(
    measurement: string,
    tags: Tags,
    fields: Record<string, FieldValue>,
    time: number,
    timeNs: bigint | undefined,
  ): Sample {
    const sample = { measurement, tags, fields, time, source: this.options.collector };
    return timeNs === undefined ? sample : { ...sample, timeNs };
  }

  private locate(elems: readonly PathElem[]): Location {
    const schema = schemaPath(elems);
    const rule = this.rules.find(
      (r) => r.path === '/' || schema === r.path || schema.startsWith(`${r.path}/`),
    );
    const last = elems.length > 0 ? elems[elems.length - 1]!.name : 'value';
    let measurement: string;
    let field: string;
    if (rule === undefined) {
      measurement = elems.length > 1 ? schemaPath(elems.slice(0, -1)) : 'gnmi';
      field = last;
    } else {
      measurement = rule.name;
      field = schema === rule.path ? '' : schema.slice(rule.path === '/' ? 1 : rule.path.length + 1);
    }
    const groupKey = seriesKeyOf(measurement, elems);
    return { measurement, field, leaf: last, tags: this.tagsFor(groupKey, elems), groupKey };
  }

  private tagsFor(groupKey: string, elems: readonly PathElem[]): Tags {
    const cached = this.tagCache.get(groupKey);
    if (cached !== undefined) return cached;
    const tags: Record<string, string> = { source: this.options.target };
    for (const elem of elems) {
      if (elem.key === undefined) continue;
      for (const [key, value] of Object.entries(elem.key)) {
        tags[key in tags ? `${elem.name}_${key}` : key] = value;
      }
    }
    if (this.tagCache.size >= this.options.maxSeries) this.tagCache.clear();
    this.tagCache.set(groupKey, tags);
    return tags;
  }
}

function joinElems(prefix: readonly PathElem[], path: Path | null | undefined): readonly PathElem[] {
  const own = elementsOf(path);
  if (prefix.length === 0) return own;
  if (own.length === 0) return prefix;
  return [...prefix, ...own];
}

/** Measurement plus every key along the path: equal keys, equal tags. */
function seriesKeyOf(measurement: string, elems: readonly PathElem[]): string {
  let key = measurement;
  for (const elem of elems) {
    // Decoded elements always carry a key map, often empty: only keys count.
    let first = true;
    for (const name in elem.key) {
      if (first) key += `\u0000${elem.name}`;
      first = false;
      key += `\u0001${name}=${elem.key[name]}`;
    }
  }
  return key;
}

function hasKeys(record: object): boolean {
  for (const _ in record) return true;
  return false;
}
