import { ObjectType, PduType, type Varbind } from 'net-snmp';
import { type ReceivedTrap, trapOid, trapSamples } from '../../../../src/collectors/snmp_trap/decode';

const TRAP_OID = '1.3.6.1.6.3.1.1.4.1.0';
const int = (oid: string, value: number): Varbind => ({ oid, type: ObjectType.Integer, value });
const text = (oid: string, value: string): Varbind => ({
  oid,
  type: ObjectType.OctetString,
  value: Buffer.from(value),
});
const v2 = (trap: string, ...varbinds: Varbind[]): ReceivedTrap => ({
  pdu: {
    type: PduType.TrapV2,
    varbinds: [
      { oid: '1.3.6.1.2.1.1.3.0', type: ObjectType.TimeTicks, value: 5 },
      { oid: TRAP_OID, type: ObjectType.OID, value: trap },
      ...varbinds,
    ],
  },
  rinfo: { address: '10.1.1.1' },
});
const v1 = (generic: number, specific = 0, ...varbinds: Varbind[]): ReceivedTrap => ({
  pdu: { type: PduType.Trap, enterprise: '1.3.6.1.4.1.9', generic, specific, varbinds },
  rinfo: { address: '10.1.1.2' },
});

describe('trap OIDs', () => {
  it.each<[string, ReceivedTrap, string | undefined]>([
    ['v2c: snmpTrapOID.0', v2('1.3.6.1.6.3.1.1.5.3'), '1.3.6.1.6.3.1.1.5.3'],
    ['v1 coldStart (generic 0)', v1(0), '1.3.6.1.6.3.1.1.5.1'],
    ['v1 linkUp (generic 3)', v1(3), '1.3.6.1.6.3.1.1.5.4'],
    ['v1 enterprise-specific', v1(6, 17), '1.3.6.1.4.1.9.0.17'],
    [
      'v2c without snmpTrapOID',
      { pdu: { type: PduType.TrapV2, varbinds: [] }, rinfo: { address: 'a' } },
      undefined,
    ],
  ])('%s', (_, trap, expected) => {
    expect(trapOid(trap)).toBe(expected);
  });
});

describe('trap samples', () => {
  const T = 1_700_000_000_000;

  it.each<[string, ReceivedTrap, object[]]>([
    [
      'linkDown with ifIndex, statuses and ifName',
      v2(
        '1.3.6.1.6.3.1.1.5.3',
        int('1.3.6.1.2.1.2.2.1.1.4', 4),
        int('1.3.6.1.2.1.2.2.1.7.4', 1),
        int('1.3.6.1.2.1.2.2.1.8.4', 2),
        text('1.3.6.1.2.1.31.1.1.1.1.4', 'Gi0/4'),
      ),
      [
        { measurement: 'snmp_trap', tags: { agent: '10.1.1.1', trap: 'linkDown' }, fields: { received: 1 } },
        {
          measurement: 'interface_status',
          tags: { agent: '10.1.1.1', ifIndex: '4', ifName: 'Gi0/4' },
          fields: { ifOperStatus: 2, ifAdminStatus: 1 },
        },
      ],
    ],
    [
      'linkUp with only ifOperStatus: the index from its OID',
      v2('1.3.6.1.6.3.1.1.5.4', int('.1.3.6.1.2.1.2.2.1.8.12', 1)),
      [
        { tags: { agent: '10.1.1.1', trap: 'linkUp' } },
        { tags: { agent: '10.1.1.1', ifIndex: '12' }, fields: { ifOperStatus: 1 } },
      ],
    ],
    [
      'v1 linkDown with ifIndex and ifDescr but no status: down by default, ifDescr as a tag',
      v1(2, 0, int('1.3.6.1.2.1.2.2.1.1.3', 3), text('1.3.6.1.2.1.2.2.1.2.3', 'eth2')),
      [
        { tags: { agent: '10.1.1.2', trap: 'linkDown' } },
        {
          tags: { agent: '10.1.1.2', ifIndex: '3', ifDescr: 'eth2' },
          fields: { ifOperStatus: 2 },
        },
      ],
    ],
    [
      'linkDown without any interface varbind: only the trap sample',
      v2('1.3.6.1.6.3.1.1.5.3'),
      [{ measurement: 'snmp_trap' }],
    ],
    [
      'an enterprise trap keeps its OID',
      v2('1.3.6.1.4.1.9.9.41.2.0.1', int('1.3.6.1.2.1.2.2.1.8.1', 2)),
      [{ tags: { agent: '10.1.1.1', trap: '1.3.6.1.4.1.9.9.41.2.0.1' } }],
    ],
  ])('%s', (_, trap, expected) => {
    const samples = trapSamples(trap, 'traps', T);
    expect(samples).toEqual(expected.map((e) => expect.objectContaining(e)));
    for (const sample of samples) expect(sample).toMatchObject({ time: T, source: 'traps' });
  });

  it('a trap without a trap OID is refused', () => {
    expect(() =>
      trapSamples({ pdu: { type: PduType.TrapV2, varbinds: [] }, rinfo: { address: 'a' } }, 't', T),
    ).toThrow('trap without snmpTrapOID');
  });
});
