import {
  type PlanItem,
  type PlanLimits,
  planReads,
  type Table,
} from '../../../../src/collectors/modbus/plan';

const item = (id: number, table: Table, address: number, count = 1): PlanItem => ({
  id,
  table,
  address,
  count,
});
const limits = (overrides: Partial<PlanLimits> = {}): PlanLimits => ({
  maxGap: 0,
  maxRegisters: 125,
  maxBits: 2000,
  ...overrides,
});
/** Reads written compactly: table address+count [ids]. */
const show = (items: PlanItem[], l: PlanLimits, solo: number[] = []) =>
  planReads(items, l, new Set(solo)).map((r) => `${r.table} ${r.address}+${r.count} [${r.items.join(',')}]`);

test.each<[string, PlanItem[], PlanLimits, number[], string[]]>([
  ['nothing to read', [], limits(), [], []],
  ['one register', [item(0, 'holding', 7)], limits(), [], ['holding 7+1 [0]']],
  [
    'adjacent registers merge, in address order whatever the config order',
    [item(0, 'holding', 2, 2), item(1, 'holding', 0, 2), item(2, 'holding', 4)],
    limits(),
    [],
    ['holding 0+5 [1,0,2]'],
  ],
  [
    'a hole larger than max_gap splits',
    [item(0, 'holding', 0, 2), item(1, 'holding', 5)],
    limits({ maxGap: 2 }),
    [],
    ['holding 0+2 [0]', 'holding 5+1 [1]'],
  ],
  [
    'a hole of exactly max_gap is spanned',
    [item(0, 'holding', 0, 2), item(1, 'holding', 5)],
    limits({ maxGap: 3 }),
    [],
    ['holding 0+6 [0,1]'],
  ],
  [
    'overlapping values share a read (a register and one of its bits)',
    [item(0, 'holding', 10), item(1, 'holding', 10), item(2, 'holding', 9, 4)],
    limits(),
    [],
    ['holding 9+4 [2,0,1]'],
  ],
  [
    'tables are never mixed, and come in a fixed order',
    [item(0, 'coil', 0), item(1, 'input', 0), item(2, 'holding', 0), item(3, 'discrete_input', 0)],
    limits({ maxGap: 100 }),
    [],
    ['holding 0+1 [2]', 'input 0+1 [1]', 'coil 0+1 [0]', 'discrete_input 0+1 [3]'],
  ],
  [
    'at most 125 registers per read',
    Array.from({ length: 130 }, (_, i) => item(i, 'input', i)),
    limits(),
    [],
    [
      `input 0+125 [${Array.from({ length: 125 }, (_, i) => i).join(',')}]`,
      'input 125+5 [125,126,127,128,129]',
    ],
  ],
  [
    'a value that would cross the limit starts the next read',
    [item(0, 'holding', 0, 4), item(1, 'holding', 122, 4)],
    limits({ maxGap: 200 }),
    [],
    ['holding 0+4 [0]', 'holding 122+4 [1]'],
  ],
  [
    'a configured smaller limit',
    [item(0, 'holding', 0, 2), item(1, 'holding', 2, 2), item(2, 'holding', 4, 2)],
    limits({ maxRegisters: 4 }),
    [],
    ['holding 0+4 [0,1]', 'holding 4+2 [2]'],
  ],
  [
    'at most 2000 bits per read, and bits are limited separately from registers',
    [
      item(0, 'coil', 0),
      item(1, 'coil', 1999),
      item(2, 'coil', 2000),
      item(3, 'holding', 0),
      item(4, 'holding', 200),
    ],
    limits({ maxGap: 2000 }),
    [],
    ['holding 0+1 [3]', 'holding 200+1 [4]', 'coil 0+2000 [0,1]', 'coil 2000+1 [2]'],
  ],
  [
    'solo items get a read of their own, and no read spans them',
    [item(0, 'holding', 0), item(1, 'holding', 1), item(2, 'holding', 2), item(3, 'holding', 3)],
    limits({ maxGap: 16 }),
    [1],
    ['holding 0+1 [0]', 'holding 1+1 [1]', 'holding 2+2 [2,3]'],
  ],
  [
    'max_gap 0 still merges touching values',
    [item(0, 'holding', 0, 2), item(1, 'holding', 2, 2), item(2, 'holding', 5)],
    limits({ maxGap: 0 }),
    [],
    ['holding 0+4 [0,1]', 'holding 5+1 [2]'],
  ],
])('%s', (_what, items, l, solo, expected) => {
  expect(show(items, l, solo)).toEqual(expected);
});

test('every item is covered by exactly one read, within the limits', () => {
  // A pseudo-random mix, checked by invariant rather than by listing.
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const tables: Table[] = ['holding', 'input', 'coil', 'discrete_input'];
  const items = Array.from({ length: 500 }, (_, id) =>
    item(id, tables[random(4)]!, random(5000), 1 + random(4)),
  );
  const l = limits({ maxGap: 10 });
  const reads = planReads(items, l);
  const covered = reads.flatMap((r) => r.items).sort((a, b) => a - b);
  expect(covered).toEqual(items.map((i) => i.id));
  for (const read of reads) {
    expect(read.count).toBeLessThanOrEqual(
      read.table === 'coil' || read.table === 'discrete_input' ? 2000 : 125,
    );
    for (const id of read.items) {
      const it = items[id]!;
      expect(it.table).toBe(read.table);
      expect(it.address).toBeGreaterThanOrEqual(read.address);
      expect(it.address + it.count).toBeLessThanOrEqual(read.address + read.count);
    }
  }
});
