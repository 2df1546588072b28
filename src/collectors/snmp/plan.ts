import type { SnmpConfig } from './config';
import type { MibResolver } from './mibs';
import { OBJECT_SETS, type ObjectDef, type ScalarGroupDef, SYS_UPTIME_OID, type TableDef } from './objects';

export interface PlannedObject {
  readonly name: string;
  /** Numeric, without a leading dot. */
  readonly oid: string;
  readonly isTag: boolean;
}

export interface PlannedTable {
  readonly measurement: string;
  readonly indexTag: string;
  readonly columns: readonly PlannedObject[];
}

export interface PlannedScalarGroup {
  readonly measurement: string;
  readonly objects: readonly PlannedObject[];
}

/** What one poll of one agent asks for. */
export interface PollPlan {
  readonly scalarGroups: readonly PlannedScalarGroup[];
  readonly tables: readonly PlannedTable[];
  /** Every scalar OID once, sysUpTime.0 always included (it reveals agent restarts). */
  readonly getOids: readonly string[];
}

/**
 * Built-in object sets first, then the user's scalars and tables, with MIB
 * names resolved to numeric OIDs. Throws an Error whose message starts with
 * the key path of the first name that does not resolve.
 */
export function compilePollPlan(config: SnmpConfig, mibs: MibResolver): PollPlan {
  const resolveAll = (objects: readonly ObjectDef[], path: string): PlannedObject[] =>
    objects.map((object, index) => {
      try {
        return { name: object.name, oid: mibs.resolve(object.oid), isTag: object.is_tag };
      } catch (error) {
        throw new Error(`${path}.${index}.oid: ${(error as Error).message}`);
      }
    });
  const groups = (list: readonly ScalarGroupDef[], path: string) =>
    list.map((group, index) => ({
      measurement: group.measurement,
      objects: resolveAll(group.objects, `${path}.${index}.objects`),
    }));
  const tables = (list: readonly TableDef[], path: string) =>
    list.map((table, index) => ({
      measurement: table.measurement,
      indexTag: table.index_tag,
      columns: resolveAll(table.columns, `${path}.${index}.columns`),
    }));

  const sets = config.object_sets.map((name) => OBJECT_SETS[name]);
  const scalarGroups = [
    ...sets.flatMap((set) => groups(set.scalars, 'object_sets')),
    ...groups(config.scalars, 'scalars'),
  ];
  const getOids = new Set([SYS_UPTIME_OID]);
  for (const group of scalarGroups) for (const object of group.objects) getOids.add(object.oid);
  return {
    scalarGroups,
    tables: [...sets.flatMap((set) => tables(set.tables, 'object_sets')), ...tables(config.tables, 'tables')],
    getOids: [...getOids],
  };
}
