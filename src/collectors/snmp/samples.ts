import type { Varbind } from 'net-snmp';
import type { FieldKind, FieldValue, Sample } from '../../core';
import type { TagInterner } from '../tag-interner';
import type { ObjectDef, TableDef } from './objects';
import { indexBelow } from './oid';
import type { PollPlan } from './plan';
import { asTagValue, decodeVarbind } from './values';

/** What one poll brought back: scalar varbinds by OID, and each walked column's varbinds by column OID. */
export interface PollData {
  readonly scalars: ReadonlyMap<string, Varbind>;
  readonly columns: ReadonlyMap<string, readonly Varbind[]>;
}

export interface SampleContext {
  readonly agent: string;
  readonly source: string;
  readonly time: number;
  /** The agent restarted since its previous poll (see UptimeWatch). */
  readonly counterReset: boolean;
}

interface Row {
  readonly tagValues: Record<string, string>;
  readonly fields: Record<string, FieldValue>;
  kinds: Record<string, FieldKind> | undefined;
  hasField: boolean;
}

/**
 * Turns one poll's varbinds into samples: one per scalar group, and one per
 * table row (its index as the index tag, tag columns as tags, the other
 * columns as fields). A group or row without any field is left out; a value
 * that is an exception (noSuchInstance...) or malformed is skipped and
 * counted in `skipped`. Tag objects come from `tags` so that a series keeps
 * one object across polls.
 */
export function buildSamples(
  plan: PollPlan,
  data: PollData,
  context: SampleContext,
  tags: TagInterner,
): { samples: Sample[]; skipped: number } {
  const samples: Sample[] = [];
  let skipped = 0;
  const emit = (measurement: string, row: Row) => {
    if (!row.hasField) return;
    const sample: Sample = {
      measurement,
      tags: tags.intern(measurement, row.tagValues),
      fields: row.fields,
      time: context.time,
      source: context.source,
      ...(row.kinds === undefined ? {} : { kinds: row.kinds }),
      ...(context.counterReset ? { counterReset: true } : {}),
    };
    samples.push(sample);
  };
  const put = (row: Row, object: ObjectDef, varbind: Varbind) => {
    const decoded = decodeVarbind(varbind);
    if (decoded === undefined) {
      skipped++;
      return;
    }
    if (object.is_tag) {
      row.tagValues[object.name] = asTagValue(decoded.value);
      return;
    }
    row.fields[object.name] = decoded.value;
    row.hasField = true;
    if (decoded.kind !== undefined) {
      row.kinds ??= {};
      row.kinds[object.name] = decoded.kind;
    }
  };

  for (const group of plan.scalarGroups) {
    const row = newRow({ agent: context.agent });
    for (const object of group.objects) {
      const varbind = data.scalars.get(object.oid);
      if (varbind === undefined) skipped++;
      else put(row, object, varbind);
    }
    emit(group.measurement, row);
  }
  for (const table of plan.tables) {
    const rows = tableRows(table, data, context.agent, put);
    for (const row of rows.values()) emit(table.measurement, row);
  }
  return { samples, skipped };
}

function newRow(tagValues: Record<string, string>): Row {
  return { tagValues, fields: {}, kinds: undefined, hasField: false };
}

function tableRows(
  table: TableDef,
  data: PollData,
  agent: string,
  put: (row: Row, object: ObjectDef, varbind: Varbind) => void,
): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const column of table.columns) {
    for (const varbind of data.columns.get(column.oid) ?? []) {
      const index = indexBelow(column.oid, varbind.oid);
      if (index === undefined) continue;
      let row = rows.get(index);
      if (row === undefined) {
        row = newRow({ agent, [table.index_tag]: index });
        rows.set(index, row);
      }
      put(row, column, varbind);
    }
  }
  return rows;
}
