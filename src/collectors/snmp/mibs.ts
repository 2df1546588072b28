import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createModuleStore } from 'net-snmp';
import { normalizeOid } from './oid';

/** Looks up the translations of a net-snmp module store (its type definitions leave it untyped). */
interface ModuleStore {
  loadFromFile(path: string): void;
  translate(name: string, format: 'oid' | 'module'): string;
}

/** The MIB files net-snmp ships (IF-MIB, IANAifType-MIB, SNMPv2-*, RFC1213-MIB...). */
function bundledMibFiles(): string[] {
  const dir = join(dirname(require.resolve('net-snmp')), 'lib', 'mibs');
  // IANAifType-MIB first: IF-MIB imports it.
  return readdirSync(dir)
    .filter((file) => file.endsWith('.mib'))
    .sort((a, b) => Number(b.startsWith('IANA')) - Number(a.startsWith('IANA')) || a.localeCompare(b))
    .map((file) => join(dir, file));
}

const NAME = /^([A-Za-z][\w-]*::[A-Za-z][\w-]*)((?:\.\d+)*)$/;

/**
 * Resolves `MODULE::object[.instance]` to a numeric OID with the MIBs bundled
 * in net-snmp. Loading them takes a few hundred milliseconds, so it happens
 * only when the first name is looked up; numeric OIDs never need it.
 */
export class MibResolver {
  private store: ModuleStore | undefined;

  resolve(oid: string): string {
    const named = NAME.exec(oid);
    if (named === null) return normalizeOid(oid);
    const [, name, instance] = named;
    try {
      return this.modules().translate(name!, 'oid') + instance;
    } catch {
      throw new Error(
        `${oid}: not found in the MIBs bundled with net-snmp (IF-MIB, SNMPv2-MIB, RFC1213-MIB...); give the numeric OID`,
      );
    }
  }

  private modules(): ModuleStore {
    if (this.store === undefined) {
      const store = createModuleStore() as ModuleStore;
      for (const file of bundledMibFiles()) store.loadFromFile(file);
      this.store = store;
    }
    return this.store;
  }
}
