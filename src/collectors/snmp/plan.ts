import type { SnmpConfig } from './config';
import type { MibResolver } from './mibs';
import { OBJECT_SETS, type ObjectDef, type ScalarGroupDef, SYS_UPTIME_OID, type TableDef } from './objects';

/** What one poll of one agent asks for; every OID in it is numeric, without a leading dot. */
export interface PollPlan {
  readonly scalarGroups: readonly ScalarGroupDef[];
  readonly tables: readonly TableDef[];
  /** Every scalar OID once, sysUpTime.0 always included (it reveals agent restarts). */
  readonly getOids: readonly string[];
}

/**
 * Built-in object sets first, then the user's scalars and tables, with MIB
 * names resolved to numeric OIDs. Throws an Error whose message starts with
 * the key path of the first name that does not resolve.
 */
export function compilePollPlan(config: SnmpConfig, mibs: MibResolver): PollPlan {
  const resolveAll = (objects: readonly ObjectDef[], path: string): ObjectDef[] =>
    objects.map((object, index) => {
      try {
        return { ...object, oid: mibs.resolve(object.oid) };
      } catch (error) {
        throw new Error(`${path}.${index}.oid: ${(error as Error).message}`);
      }
    });
  const groups = (list: readonly ScalarGroupDef[], path: string) =>
    list.map((group, index) => ({
      ...group,
      objects: resolveAll(group.objects, `${path}.${index}.objects`),
    }));
  const tables = (list: readonly TableDef[], path: string) =>
    list.map((table, index) => ({
      ...table,
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
