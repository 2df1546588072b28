/*
 * The request planner: pure, no I/O. It merges the registers one unit is
 * asked for into as few reads as the limits allow, because each read costs a
 * round trip (and, on real devices, often a pause).
 */

export const TABLES = ['holding', 'input', 'coil', 'discrete_input'] as const;
export type Table = (typeof TABLES)[number];

/** Coils and discrete inputs are read as bits, registers as 16-bit words. */
export const isBitTable = (table: Table): boolean => table === 'coil' || table === 'discrete_input';

/** One thing to read: `count` registers (or bits) from `address` on. `id` is the caller's. */
export interface PlanItem {
  readonly id: number;
  readonly table: Table;
  readonly address: number;
  readonly count: number;
}

export interface PlannedRead {
  readonly table: Table;
  readonly address: number;
  readonly count: number;
  /** Ids of the items this read covers, in address order. */
  readonly items: readonly number[];
}

export interface PlanLimits {
  /** Unrequested registers (or bits) a read may span to join two items. */
  readonly maxGap: number;
  /** Largest register read (the protocol allows 125). */
  readonly maxRegisters: number;
  /** Largest coil or discrete-input read (the protocol allows 2000). */
  readonly maxBits: number;
}

export const PROTOCOL_LIMITS: PlanLimits = { maxGap: 0, maxRegisters: 125, maxBits: 2000 };

/**
 * Groups items by table and, in address order, extends the current read with
 * the next item while the hole between them is at most `maxGap` and the read
 * stays within the table's size limit. Overlapping items share a read. Items
 * in `solo` (for example ones a device refused inside a merged read) get a
 * read of their own and no other read spans them, so that one bad address
 * cannot fail its neighbours.
 */
export function planReads(
  items: readonly PlanItem[],
  limits: PlanLimits,
  solo: ReadonlySet<number> = new Set(),
): PlannedRead[] {
  const reads: PlannedRead[] = [];
  for (const table of TABLES) {
    const limit = isBitTable(table) ? limits.maxBits : limits.maxRegisters;
    const sorted = items
      .filter((item) => item.table === table)
      .sort((a, b) => a.address - b.address || a.count - b.count || a.id - b.id);
    let current: { address: number; end: number; items: number[] } | undefined;
    const close = () => {
      if (current)
        reads.push({
          table,
          address: current.address,
          count: current.end - current.address,
          items: current.items,
        });
      current = undefined;
    };
    for (const item of sorted) {
      const end = item.address + item.count;
      if (solo.has(item.id)) {
        close(); // no read spans a refused address
        reads.push({ table, address: item.address, count: item.count, items: [item.id] });
        continue;
      }
      const fits =
        current !== undefined &&
        item.address - current.end <= limits.maxGap &&
        Math.max(end, current.end) - current.address <= limit;
      if (fits) {
        current!.end = Math.max(current!.end, end);
        current!.items.push(item.id);
      } else {
        close();
        current = { address: item.address, end, items: [item.id] };
      }
    }
    close();
  }
  return reads;
}
