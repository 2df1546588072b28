/**
 * What a collector emits: one measurement at one instant, shaped like an
 * InfluxDB point. Identity lives in `tags`, values in `fields`.
 */
export type FieldValue = number | bigint | boolean | string;

/**
 * How a numeric field behaves. Counters are cumulative and become rates in the
 * pipeline; their width decides where they wrap.
 */
export type FieldKind = 'gauge' | 'counter32' | 'counter64' | 'counter';

export type Tags = Readonly<Record<string, string>>;
export type Fields = Readonly<Record<string, FieldValue>>;

export interface Sample {
  readonly measurement: string;
  /** Low-cardinality identity. Collectors should reuse one object per series: keys are cached per object. */
  readonly tags: Tags;
  readonly fields: Fields;
  /** Epoch milliseconds. */
  readonly time: number;
  /**
   * The source's own timestamp in epoch nanoseconds, exact, when it has one
   * finer than milliseconds (gNMI); `time` is this value floored to ms.
   */
  readonly timeNs?: bigint;
  /** Name of the collector that produced it. */
  readonly source: string;
  /** Kinds of fields that are not plain gauges; absent means every field is a gauge. */
  readonly kinds?: Readonly<Record<string, FieldKind>>;
  /**
   * The source restarted since its previous sample of this series (an SNMP
   * agent whose sysUpTime went back): its counters start over, so no rate is
   * computed against the previous value.
   */
  readonly counterReset?: boolean;
}

export function isCounterKind(kind: FieldKind | undefined): boolean {
  return kind !== undefined && kind !== 'gauge';
}
