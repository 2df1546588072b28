import { indexBelow, isBelow, normalizeOid } from '../../../../src/collectors/snmp/oid';

describe('OID helpers', () => {
  it.each<[string, string, string | undefined]>([
    ['1.3.6.1.2.1.31.1.1.1.1', '1.3.6.1.2.1.31.1.1.1.1.5', '5'],
    ['1.3.6.1.2.1.4.20.1.2', '1.3.6.1.2.1.4.20.1.2.10.0.0.1', '10.0.0.1'],
    ['1.3.6.1.2.1.31.1.1.1.1', '1.3.6.1.2.1.31.1.1.1.10.5', undefined], // column 10 is not below column 1
    ['1.3.6.1.2.1.31.1.1.1.1', '1.3.6.1.2.1.31.1.1.1.1', undefined], // the column itself
    ['1.3.6.1.2.1.31.1.1.1.1', '1.3.6.1.2.1.31.1.1.1.2.1', undefined], // the next column: the walk ends
    ['1.3.6.1.2.1.31.1.1.1.1', '1.3.6.1.2.1.31.1.1.1.1.', undefined],
  ])('below %s: %s → %s', (prefix, oid, index) => {
    expect(indexBelow(prefix, oid)).toBe(index);
    expect(isBelow(prefix, oid)).toBe(index !== undefined);
  });

  it('drops a leading dot', () => {
    expect(normalizeOid('.1.3.6')).toBe('1.3.6');
    expect(normalizeOid('1.3.6')).toBe('1.3.6');
  });
});
