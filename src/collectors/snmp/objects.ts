/*
 * Built-in object sets, by numeric OID so that no MIB file is needed (Debian
 * ships none). Names follow the MIBs (IF-MIB, SNMPv2-MIB, HOST-RESOURCES-MIB).
 * The shapes are those of the config's own scalars and tables, so that a poll
 * plan treats both alike.
 */

export interface ObjectDef {
  readonly name: string;
  readonly oid: string;
  readonly is_tag: boolean;
}

export interface TableDef {
  readonly measurement: string;
  readonly index_tag: string;
  readonly columns: readonly ObjectDef[];
}

export interface ScalarGroupDef {
  readonly measurement: string;
  readonly objects: readonly ObjectDef[];
}

export interface ObjectSet {
  readonly scalars: readonly ScalarGroupDef[];
  readonly tables: readonly TableDef[];
}

export const OBJECT_SET_NAMES = ['system', 'if_mib', 'host_resources'] as const;
export type ObjectSetName = (typeof OBJECT_SET_NAMES)[number];

export const SYS_UPTIME_OID = '1.3.6.1.2.1.1.3.0';

const field = (name: string, oid: string): ObjectDef => ({ name, oid, is_tag: false });
const tag = (name: string, oid: string): ObjectDef => ({ name, oid, is_tag: true });

const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
const IFX_ENTRY = '1.3.6.1.2.1.31.1.1.1';
const HR_STORAGE_ENTRY = '1.3.6.1.2.1.25.2.3.1';

export const OBJECT_SETS: Readonly<Record<ObjectSetName, ObjectSet>> = {
  system: {
    scalars: [
      {
        measurement: 'snmp_system',
        objects: [field('sysUpTime', SYS_UPTIME_OID), tag('sysName', '1.3.6.1.2.1.1.5.0')],
      },
    ],
    tables: [],
  },
  if_mib: {
    scalars: [],
    tables: [
      {
        measurement: 'interface',
        index_tag: 'ifIndex',
        columns: [
          tag('ifName', `${IFX_ENTRY}.1`),
          tag('ifAlias', `${IFX_ENTRY}.18`),
          field('ifAdminStatus', `${IF_ENTRY}.7`),
          field('ifOperStatus', `${IF_ENTRY}.8`),
          field('ifHighSpeed', `${IFX_ENTRY}.15`),
          field('ifHCInOctets', `${IFX_ENTRY}.6`),
          field('ifHCInUcastPkts', `${IFX_ENTRY}.7`),
          field('ifHCInMulticastPkts', `${IFX_ENTRY}.8`),
          field('ifHCInBroadcastPkts', `${IFX_ENTRY}.9`),
          field('ifHCOutOctets', `${IFX_ENTRY}.10`),
          field('ifHCOutUcastPkts', `${IFX_ENTRY}.11`),
          field('ifHCOutMulticastPkts', `${IFX_ENTRY}.12`),
          field('ifHCOutBroadcastPkts', `${IFX_ENTRY}.13`),
          field('ifInDiscards', `${IF_ENTRY}.13`),
          field('ifInErrors', `${IF_ENTRY}.14`),
          field('ifOutDiscards', `${IF_ENTRY}.19`),
          field('ifOutErrors', `${IF_ENTRY}.20`),
        ],
      },
    ],
  },
  host_resources: {
    scalars: [],
    tables: [
      {
        measurement: 'host_processor',
        index_tag: 'hrDeviceIndex',
        columns: [field('hrProcessorLoad', '1.3.6.1.2.1.25.3.3.1.2')],
      },
      {
        measurement: 'host_storage',
        index_tag: 'hrStorageIndex',
        columns: [
          tag('hrStorageDescr', `${HR_STORAGE_ENTRY}.3`),
          field('hrStorageAllocationUnits', `${HR_STORAGE_ENTRY}.4`),
          field('hrStorageSize', `${HR_STORAGE_ENTRY}.5`),
          field('hrStorageUsed', `${HR_STORAGE_ENTRY}.6`),
        ],
      },
    ],
  },
};
