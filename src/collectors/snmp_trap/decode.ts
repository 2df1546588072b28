import { ObjectType, PduType, type Varbind } from 'net-snmp';
import type { Fields, Sample } from '../../core';
import { indexBelow, normalizeOid } from '../snmp/oid';
import { asTagValue, decodeVarbind } from '../snmp/values';

/** What net-snmp's receiver hands over for one trap or inform (v1 traps carry the extra fields). */
export interface ReceivedTrap {
  readonly pdu: {
    readonly type: number;
    readonly varbinds: readonly Varbind[];
    readonly enterprise?: string;
    readonly generic?: number;
    readonly specific?: number;
  };
  readonly rinfo: { readonly address: string };
}

const SNMP_TRAP_OID = '1.3.6.1.6.3.1.1.4.1.0';
const GENERIC_TRAPS = '1.3.6.1.6.3.1.1.5';
const LINK_DOWN = `${GENERIC_TRAPS}.3`;
const LINK_UP = `${GENERIC_TRAPS}.4`;
const TRAP_NAMES: Readonly<Record<string, string>> = {
  [`${GENERIC_TRAPS}.1`]: 'coldStart',
  [`${GENERIC_TRAPS}.2`]: 'warmStart',
  [LINK_DOWN]: 'linkDown',
  [LINK_UP]: 'linkUp',
  [`${GENERIC_TRAPS}.5`]: 'authenticationFailure',
};

const IF_INDEX = '1.3.6.1.2.1.2.2.1.1';
const IF_ADMIN_STATUS = '1.3.6.1.2.1.2.2.1.7';
const IF_OPER_STATUS = '1.3.6.1.2.1.2.2.1.8';
const IF_NAME = '1.3.6.1.2.1.31.1.1.1.1';
const IF_DESCR = '1.3.6.1.2.1.2.2.1.2';

/** ifOperStatus when the trap does not carry it: up(1) for linkUp, down(2) for linkDown. */
const OPER_STATUS_OF: Readonly<Record<string, number>> = { [LINK_UP]: 1, [LINK_DOWN]: 2 };

/**
 * The trap's OID: snmpTrapOID.0 for v2c/v3; for v1, the generic trap mapped
 * as in RFC 3584 (coldStart ... linkUp) or enterprise.0.specific.
 */
export function trapOid(trap: ReceivedTrap): string | undefined {
  const { pdu } = trap;
  if (pdu.type === PduType.Trap) {
    if (pdu.generic === undefined || pdu.enterprise === undefined) return undefined;
    return pdu.generic < 6 ? `${GENERIC_TRAPS}.${pdu.generic + 1}` : `${pdu.enterprise}.0.${pdu.specific}`;
  }
  const named = pdu.varbinds.find((varbind) => normalizeOid(varbind.oid) === SNMP_TRAP_OID);
  return named?.type === ObjectType.OID && typeof named.value === 'string'
    ? normalizeOid(named.value)
    : undefined;
}

/**
 * A trap as samples: always `snmp_trap` {agent, trap} with received=1, and for
 * linkDown/linkUp also `interface_status` {agent, ifIndex, ifName?} with
 * ifOperStatus (from the trap's varbind, else 2 or 1) and ifAdminStatus when
 * present. `agent` is the sender's address. Throws when the trap has no OID.
 */
export function trapSamples(trap: ReceivedTrap, source: string, time: number): Sample[] {
  const oid = trapOid(trap);
  if (oid === undefined) throw new Error('trap without snmpTrapOID');
  const agent = trap.rinfo.address;
  const samples: Sample[] = [
    {
      measurement: 'snmp_trap',
      tags: { agent, trap: TRAP_NAMES[oid] ?? oid },
      fields: { received: 1 },
      time,
      source,
    },
  ];
  const defaultOperStatus = OPER_STATUS_OF[oid];
  if (defaultOperStatus !== undefined) {
    const link = linkSample(trap.pdu.varbinds, defaultOperStatus);
    if (link !== undefined) {
      samples.push({
        measurement: 'interface_status',
        tags: { agent, ...link.tags },
        fields: link.fields,
        time,
        source,
      });
    }
  }
  return samples;
}

function linkSample(
  varbinds: readonly Varbind[],
  defaultOperStatus: number,
): { tags: Record<string, string>; fields: Fields } | undefined {
  let ifIndex: string | undefined;
  let ifName: string | undefined;
  let ifDescr: string | undefined;
  const fields: Record<string, number> = { ifOperStatus: defaultOperStatus };
  for (const varbind of varbinds) {
    const oid = normalizeOid(varbind.oid);
    const decoded = decodeVarbind(varbind);
    if (decoded === undefined) continue;
    const [column, index] = columnOf(oid);
    if (index === undefined) continue;
    ifIndex ??= index;
    if (column === IF_INDEX) ifIndex = asTagValue(decoded.value);
    else if (column === IF_NAME) ifName = asTagValue(decoded.value);
    else if (column === IF_DESCR) ifDescr = asTagValue(decoded.value);
    else if (column === IF_OPER_STATUS && typeof decoded.value === 'number')
      fields.ifOperStatus = decoded.value;
    else if (column === IF_ADMIN_STATUS && typeof decoded.value === 'number')
      fields.ifAdminStatus = decoded.value;
  }
  if (ifIndex === undefined) return undefined;
  const tags: Record<string, string> = { ifIndex };
  if (ifName !== undefined) tags.ifName = ifName;
  else if (ifDescr !== undefined) tags.ifDescr = ifDescr;
  return { tags, fields };
}

/** The interface column an OID belongs to, with its index; [undefined, undefined] for anything else. */
function columnOf(oid: string): [string, string] | [undefined, undefined] {
  for (const column of [IF_INDEX, IF_NAME, IF_DESCR, IF_OPER_STATUS, IF_ADMIN_STATUS]) {
    const index = indexBelow(column, oid);
    if (index !== undefined) return [column, index];
  }
  return [undefined, undefined];
}
