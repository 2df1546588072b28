import { ObjectType, type Varbind } from 'net-snmp';
import { decodeVarbind, octetsAsText, unsignedBigInt } from '../../../../src/collectors/snmp/values';

const vb = (type: ObjectType, value: unknown): Varbind =>
  ({ oid: '1.3.6.1.2.1.1.1.0', type, value }) as Varbind;

describe('decodeVarbind', () => {
  it.each<[string, Varbind, ReturnType<typeof decodeVarbind>]>([
    ['Integer', vb(ObjectType.Integer, -5), { value: -5 }],
    ['Gauge32', vb(ObjectType.Gauge, 4294967295), { value: 4294967295 }],
    ['TimeTicks', vb(ObjectType.TimeTicks, 12345), { value: 12345 }],
    ['Counter32 is a counter32', vb(ObjectType.Counter, 7), { value: 7, kind: 'counter32' }],
    [
      'Counter64 Buffer → bigint',
      vb(ObjectType.Counter64, Buffer.from('0100000000000000', 'hex')),
      { value: 2n ** 56n, kind: 'counter64' },
    ],
    ['Counter64 of one byte', vb(ObjectType.Counter64, Buffer.from([5])), { value: 5n, kind: 'counter64' }],
    [
      'Counter64 of nine bytes (leading zero)',
      vb(ObjectType.Counter64, Buffer.from('00ffffffffffffffff', 'hex')),
      { value: 2n ** 64n - 1n, kind: 'counter64' },
    ],
    [
      'printable OctetString → text',
      vb(ObjectType.OctetString, Buffer.from('Gi0/0/1')),
      { value: 'Gi0/0/1' },
    ],
    [
      'binary OctetString → hex',
      vb(ObjectType.OctetString, Buffer.from([0, 0x1a, 0xff])),
      { value: '00:1a:ff' },
    ],
    ['IpAddress', vb(ObjectType.IpAddress, '10.0.0.1'), { value: '10.0.0.1' }],
    ['OID', vb(ObjectType.OID, '1.3.6.1.4.1.9'), { value: '1.3.6.1.4.1.9' }],
    ['noSuchObject', vb(ObjectType.NoSuchObject, null), undefined],
    ['noSuchInstance', vb(ObjectType.NoSuchInstance, null), undefined],
    ['endOfMibView', vb(ObjectType.EndOfMibView, null), undefined],
    ['Null', vb(ObjectType.Null, null), undefined],
    ['Counter64 that is not a Buffer (malformed)', vb(ObjectType.Counter64, 'x'), undefined],
    ['Integer that is not a number (malformed)', vb(ObjectType.Integer, 'x'), undefined],
    ['OctetString that is not a Buffer (malformed)', vb(ObjectType.OctetString, 5), undefined],
  ])('%s', (_, varbind, expected) => {
    expect(decodeVarbind(varbind)).toEqual(expected);
  });
});

describe('helpers', () => {
  it.each<[string, Buffer, string]>([
    ['empty', Buffer.alloc(0), ''],
    ['UTF-8 text', Buffer.from('Ünïcode ✓'), 'Ünïcode ✓'],
    ['tab and newline stay text', Buffer.from('a\tb\n'), 'a\tb\n'],
    ['a MAC address', Buffer.from('d60302', 'hex'), 'd6:03:02'],
    ['invalid UTF-8', Buffer.from([0xc3, 0x28]), 'c3:28'],
  ])('octetsAsText: %s', (_, bytes, expected) => {
    expect(octetsAsText(bytes)).toBe(expected);
  });

  it('unsignedBigInt reads big-endian bytes of any length', () => {
    expect(unsignedBigInt(Buffer.alloc(0))).toBe(0n);
    expect(unsignedBigInt(Buffer.from('ffffffffffffffff', 'hex'))).toBe(18446744073709551615n);
  });
});
