import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskSpool } from '../../../src/sinks/spool';
import { captureLogger } from '../../support/observability';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'noctua-spool-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function spool(overrides: { maxSize?: number; segmentSize?: number } = {}) {
  const { logger, lines } = captureLogger();
  const s = new DiskSpool({ dir, maxSize: 1 << 20, segmentSize: 1 << 16, ...overrides }, logger);
  return { spool: s, lines };
}

/** Reads and acknowledges everything. */
async function drain(s: DiskSpool): Promise<string[][]> {
  const batches: string[][] = [];
  for (let batch = await s.next(1); batch !== undefined; batch = await s.next(1)) {
    batches.push(batch);
    await s.ack();
  }
  return batches;
}

const segments = () => readdirSync(dir).filter((f) => f.endsWith('.seg'));

test('batches come back in order, once, and what is acknowledged stays gone after a reopen', async () => {
  const first = spool().spool;
  await first.open();
  expect(first.empty).toBe(true);
  expect(await first.next(1)).toBeUndefined();
  await Promise.all([first.append(['a 1', 'a 2']), first.append(['b ü "x"']), first.append(['c 1'])]);
  expect({ empty: first.empty, records: first.records }).toEqual({ empty: false, records: 4 });
  expect(await first.next(1)).toEqual(['a 1', 'a 2']);
  expect(await first.next(1)).toEqual(['a 1', 'a 2']); // not acknowledged yet: the same batch again
  await first.ack();
  await first.close();

  const second = spool().spool;
  await second.open();
  expect(second.records).toBe(2);
  expect(await drain(second)).toEqual([['b ü "x"'], ['c 1']]);
  expect({ empty: second.empty, bytes: second.bytes }).toEqual({ empty: true, bytes: 0 });
  await second.append(['d 1']);
  await second.close();

  const third = spool().spool;
  await third.open();
  expect(await drain(third)).toEqual([['d 1']]);
  await third.close();
});

test('full segments are rolled over and deleted once acknowledged', async () => {
  const { spool: s } = spool({ segmentSize: 64 });
  await s.open();
  const batches = [...Array(10).keys()].map((i) => [`line-${i} ${'x'.repeat(40)}`]);
  for (const batch of batches) await s.append(batch);
  expect(segments()).toHaveLength(10);
  expect(await s.next(1)).toEqual(batches[0]);
  await s.ack();
  expect(await s.next(1)).toEqual(batches[1]);
  await s.ack();
  expect(segments()).toHaveLength(8);
  expect(await drain(s)).toEqual(batches.slice(2));
  expect(segments()).toHaveLength(1);
  await s.close();
});

test('a torn tail (a crash while appending) is cut off and logged; the records before it are kept', async () => {
  const first = spool().spool;
  await first.open();
  await first.append(['kept 1']);
  await first.append(['kept 2']);
  await first.close();
  appendFileSync(join(dir, segments()[0]!), Buffer.from([0, 0, 0, 50, 1, 2, 3, 4, 65, 66]));

  const { spool: second, lines } = spool();
  await second.open();
  expect(await drain(second)).toEqual([['kept 1'], ['kept 2']]);
  expect(lines).toContainEqual(expect.objectContaining({ level: 50, bytes: 10 }));
  await second.close();
});

test('a record whose checksum does not match ends the segment there', async () => {
  const first = spool().spool;
  await first.open();
  await first.append(['good']);
  await first.append(['flipped']);
  await first.append(['after']);
  await first.close();
  const path = join(dir, segments()[0]!);
  const data = readFileSync(path);
  data[8 + 4 + 8 + 2] ^= 0xff; // a byte inside the second payload
  writeFileSync(path, data);

  const second = spool().spool;
  await second.open();
  expect(await drain(second)).toEqual([['good']]);
  await second.close();
});

test('appends beyond the size cap are refused', async () => {
  const { spool: s } = spool({ maxSize: 100 });
  await s.open();
  expect(await s.append(['x'.repeat(60)])).toBe(true);
  expect(await s.append(['y'.repeat(60)])).toBe(false);
  expect(s.records).toBe(1);
  await drain(s);
  expect(await s.append(['z'.repeat(60)])).toBe(true);
  await s.close();
});

test('small batches of one segment come back joined, up to the line limit; the acknowledgement covers them all', async () => {
  const first = spool().spool;
  await first.open();
  for (const batch of [['a'], ['b', 'c'], ['d'], ['e', 'f', 'g'], ['h']]) await first.append(batch);
  expect(await first.next(4)).toEqual(['a', 'b', 'c', 'd']);
  await first.ack();
  expect(first.records).toBe(4);
  expect(await first.next(2)).toEqual(['e', 'f', 'g']); // a batch larger than the limit comes whole
  await first.ack();
  await first.close();
  const second = spool().spool;
  await second.open();
  expect(await second.next(100)).toEqual(['h']);
  await second.close();
});
