import type { Tags } from '../core/sample';
import { fieldKey, seriesPrefix } from '../core/series-key';

/** Distinct fields remembered per tags object by default: a bound against collectors that put ids in field names. */
const MAX_FIELDS_PER_TAGS = 64;
/** Field positions remembered per tags object (a position costs two array slots). */
const MAX_POSITIONS = 1024;
/** Measurements remembered per tags object (a collector may share one tags object between measurements). */
const MAX_MEASUREMENTS_PER_TAGS = 16;

/**
 * What an operator keeps for the series of one measurement + tags object,
 * by field. It lets the operator find a series' state without building and
 * hashing the series key on every point: with 100k series a Map lookup by a
 * freshly concatenated key costs several times the whole rest of the
 * detection path. The operator's SeriesTable stays the owner of the state and
 * its bounds; this only remembers where the state was, so the operator has to
 * check that what it finds was not evicted since.
 */
export class SampleSeries<V> {
  private firstField: string | undefined;
  /** The first field inline: many samples have one field, and then no Map is needed. */
  private first: V | undefined;
  private more: Map<string, V> | undefined;
  /**
   * The other fields by their position in the sample: a wide sample lists its
   * fields in the same order every time, and one comparison is cheaper than
   * a Map lookup.
   */
  private positionFields: string[] | undefined;
  private positionValues: V[] | undefined;

  constructor(
    readonly measurement: string,
    private readonly tags: Tags,
    /** The series of the same tags object with another measurement. */
    readonly otherMeasurement: SampleSeries<V> | undefined,
  ) {}

  /** The state of a field; `position` (its index among the sample's fields) is a hint. */
  get(field: string, position = -1): V | undefined {
    if (field === this.firstField) return this.first;
    if (this.positionFields !== undefined && this.positionFields[position] === field)
      return this.positionValues![position];
    const value = this.more?.get(field);
    if (value !== undefined && position >= 0) this.remember(field, value, position);
    return value;
  }

  /**
   * Remembers the state of a field; a new field is left out once `maxFields`
   * fields besides the first are remembered (the caller's bound, not stored
   * per tags object).
   */
  set(field: string, value: V, maxFields = MAX_FIELDS_PER_TAGS, position = -1): void {
    if (this.firstField === undefined || field === this.firstField) {
      this.firstField = field;
      this.first = value;
      return;
    }
    this.more ??= new Map();
    if (this.more.size < maxFields || this.more.has(field)) {
      this.more.set(field, value);
      if (position >= 0) this.remember(field, value, position);
    }
  }

  private remember(field: string, value: V, position: number): void {
    if (position >= MAX_POSITIONS) return;
    this.positionFields ??= [];
    this.positionValues ??= [];
    this.positionFields[position] = field;
    this.positionValues[position] = value;
  }

  /** The series key of a field, built anew: call it when get() found nothing. */
  key(field: string): string {
    return flatCopy(fieldKey(seriesPrefix(this.measurement, this.tags), field));
  }
}

/**
 * A key built by concatenation is, in V8, a tree of cons strings (32 B per
 * node) that stays allocated next to the flat copy made when it is first
 * hashed. A key kept as long as its series is worth one flat copy, and
 * JSON.parse always returns a flat string.
 */
function flatCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * SampleSeries per tags object. Collectors reuse one tags object per series
 * (see Sample), so one WeakMap lookup finds every series of a sample; the
 * cache holds nothing once the collector lets go of a tags object. Tags are
 * immutable, so a key stays right for as long as its tags object lives.
 */
export class SeriesCache<V> {
  private readonly byTags = new WeakMap<Tags, SampleSeries<V>>();

  of(measurement: string, tags: Tags): SampleSeries<V> {
    const newest = this.byTags.get(tags);
    let depth = 0;
    for (let series = newest; series !== undefined; series = series.otherMeasurement) {
      if (series.measurement === measurement) return series;
      depth++;
    }
    const series = new SampleSeries(
      measurement,
      tags,
      depth < MAX_MEASUREMENTS_PER_TAGS ? newest : undefined,
    );
    this.byTags.set(tags, series);
    return series;
  }
}
