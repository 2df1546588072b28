import type { Fields, Sample, Tags } from '../../core';
import { FieldList, type FieldShape, FieldShapes } from '../field-shapes';
import type { PathElem } from './messages';
import { schemaPath } from './path';

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
  /** Series (measurement + tags) kept for reuse; the cache starts over when full. */
  readonly maxSeries: number;
}

/** One measurement + tag set: the fields of the current notification collect here. */
export interface Series {
  readonly measurement: string;
  /** One object per series, reused by every sample of it (the pipeline caches keys per tags object). */
  readonly tags: Tags;
  /** Notification number that last wrote `fields`. */
  stamp: number;
  /** The fields of the current notification: one of the batch's lists, lent until its end. */
  fields: FieldList | undefined;
  /** The field names of the last sample, to build the next one's fields in one step. */
  shape: FieldShape | undefined;
}

/** Where an update's value goes. */
export interface Location {
  readonly series: Series;
  /** Field name relative to the measurement's path; empty for an update at exactly that path. */
  readonly field: string;
  /** Name of the last path element, for a scalar at exactly the measurement's path. */
  readonly leaf: string;
}

/**
 * Decides where gNMI updates go, like Telegraf's gnmi input and the gNMIc
 * event format: the keys along the path become tags (plus `source` = target),
 * the longest configured path (subscription or alias) that contains the
 * update names the measurement, and the rest of the path names the field.
 * Updates of one notification that share measurement and tags end up in one
 * sample (see SampleBatch).
 */
export class SampleMapper {
  private readonly rules: readonly MeasurementRule[];
  private readonly series = new Map<string, Series>();

  constructor(readonly options: MapperOptions) {
    // Longest first; the sort is stable, so an alias listed first wins a tie.
    this.rules = [...options.rules].sort((a, b) => b.path.length - a.path.length);
  }

  locate(elems: readonly PathElem[]): Location {
    const schema = schemaPath(elems);
    const rule = this.rules.find(
      (r) => r.path === '/' || schema === r.path || schema.startsWith(`${r.path}/`),
    );
    const leaf = elems.length > 0 ? elems[elems.length - 1]!.name : 'value';
    if (rule === undefined) {
      const measurement = elems.length > 1 ? schemaPath(elems.slice(0, -1)) : 'gnmi';
      return { series: this.seriesFor(measurement, elems), field: leaf, leaf };
    }
    const field = schema === rule.path ? '' : schema.slice(rule.path === '/' ? 1 : rule.path.length + 1);
    return { series: this.seriesFor(rule.name, elems), field, leaf };
  }

  private seriesFor(measurement: string, elems: readonly PathElem[]): Series {
    const key = seriesKeyOf(measurement, elems);
    const cached = this.series.get(key);
    if (cached !== undefined) return cached;
    const tags: Record<string, string> = { source: this.options.target };
    for (const elem of elems) {
      if (elem.key === undefined) continue;
      for (const [name, value] of Object.entries(elem.key)) {
        tags[name in tags ? `${elem.name}_${name}` : name] = value;
      }
    }
    if (this.series.size >= this.options.maxSeries) this.series.clear();
    const series: Series = { measurement, tags, stamp: -1, fields: undefined, shape: undefined };
    this.series.set(key, series);
    return series;
  }
}

/**
 * The samples of one notification: fields are added per series, and every
 * series touched becomes one sample at the end. Reused across notifications.
 */
export class SampleBatch {
  private stamp = 0;
  private readonly touched: Series[] = [];
  /** One field list per series touched by a notification, reused by the next. */
  private readonly lists: FieldList[] = [];
  private readonly shapes = new FieldShapes();

  constructor(private readonly collector: string) {}

  begin(): void {
    this.stamp++;
    this.touched.length = 0;
  }

  fieldsOf(series: Series): FieldList {
    if (series.stamp !== this.stamp) {
      series.stamp = this.stamp;
      this.lists[this.touched.length] ??= new FieldList();
      const list = this.lists[this.touched.length]!;
      list.clear();
      series.fields = list;
      this.touched.push(series);
    }
    return series.fields!;
  }

  /** Emits one sample per series that got at least one field. */
  end(time: number, timeNs: bigint | undefined, emit: (sample: Sample) => void): void {
    for (const series of this.touched) {
      const list = series.fields!;
      if (list.size > 0) {
        series.shape = this.shapes.shapeOf(list.names, series.shape);
        emit(this.sample(series.measurement, series.tags, series.shape.build(list.values), time, timeNs));
      }
      series.fields = undefined;
    }
    this.touched.length = 0;
  }

  sample(measurement: string, tags: Tags, fields: Fields, time: number, timeNs: bigint | undefined): Sample {
    return timeNs === undefined
      ? { measurement, tags, fields, time, source: this.collector }
      : { measurement, tags, fields, time, source: this.collector, timeNs };
  }
}

/** Measurement plus every key along the path: equal keys, equal tags. */
function seriesKeyOf(measurement: string, elems: readonly PathElem[]): string {
  let key = measurement;
  for (const elem of elems) {
    let first = true;
    for (const name in elem.key) {
      if (first) key += `\u0000${elem.name}`;
      first = false;
      key += `\u0001${name}=${elem.key[name]}`;
    }
  }
  return key;
}
