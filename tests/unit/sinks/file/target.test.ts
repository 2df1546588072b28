import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTarget } from '../../../../src/sinks/file/target';
import { captureLogger } from '../../../support/observability';
import { sample, score } from '../support';

let dir: string;
const opened: FileTarget[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'noctua-file-sink-'));
});
afterEach(async () => {
  for (const t of opened.splice(0)) await t.close();
  rmSync(dir, { recursive: true, force: true });
});

function target(overrides: Partial<ConstructorParameters<typeof FileTarget>[1]> = {}): FileTarget {
  const config = {
    path: join(dir, 'data', 'out.lp'),
    format: 'line_protocol' as const,
    rotate_size: 0,
    keep_files: 5,
    ...overrides,
  };
  const t = new FileTarget('file', config, captureLogger().logger);
  opened.push(t);
  return t;
}

const read = (name: string) => readFileSync(join(dir, 'data', name), 'utf8');
const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

test('start creates the directory and the file; batches are appended as whole lines', async () => {
  const t = target();
  await t.start();
  expect(read('out.lp')).toBe('');
  await t.write([t.encoder.encodeSample(sample()), t.encoder.encodeScore(score())]);
  await t.write(['third']);
  expect(read('out.lp').split('\n')).toEqual([
    'system,device=r1 cpu_util=12.5 1700000000000',
    expect.stringMatching(/^noctua_score,detector=zscore,.* score=0.93,value=97.5 1700000000000$/),
    'third',
    '',
  ]);
});

test('an existing file is appended to', async () => {
  const t = target();
  await t.start();
  await t.write(['one']);
  const again = target();
  await again.start();
  await again.write(['two']);
  expect(read('out.lp')).toBe('one\ntwo\n');
});

test('rotates before a batch that would grow the file past rotate_size, keeping keep_files', async () => {
  const t = target({ rotate_size: 20, keep_files: 2 });
  await t.start();
  for (const batch of ['a', 'b', 'c', 'd']) await t.write(lines(3, batch)); // 9 bytes each: two per file
  expect(readdirSync(join(dir, 'data')).sort()).toEqual(['out.lp', 'out.lp.1']);
  expect(read('out.lp')).toBe('c0\nc1\nc2\nd0\nd1\nd2\n');
  expect(read('out.lp.1')).toBe('a0\na1\na2\nb0\nb1\nb2\n');
  for (const batch of ['e', 'f', 'g', 'h']) await t.write(lines(3, batch));
  expect(readdirSync(join(dir, 'data')).sort()).toEqual(['out.lp', 'out.lp.1', 'out.lp.2']);
  expect(read('out.lp')).toBe('g0\ng1\ng2\nh0\nh1\nh2\n');
  expect(read('out.lp.1').startsWith('e0')).toBe(true);
  expect(read('out.lp.2').startsWith('c0')).toBe(true);
});

test('a batch larger than rotate_size is never split: it goes whole into a fresh file', async () => {
  const t = target({ rotate_size: 10, keep_files: 3 });
  await t.start();
  await t.write(['small']);
  await t.write(lines(10, 'big'));
  expect(read('out.lp')).toBe(`${lines(10, 'big').join('\n')}\n`);
  expect(read('out.lp.1')).toBe('small\n');
});

test('rotated files beyond keep_files, left by an earlier run, are deleted; keep_files 0 keeps none', async () => {
  const t = target({ rotate_size: 5, keep_files: 1 });
  await t.start();
  for (const n of [2, 3, 7]) writeFileSync(join(dir, 'data', `out.lp.${n}`), 'old\n');
  writeFileSync(join(dir, 'data', 'out.lp.backup'), 'not ours\n');
  await t.write(['1234']);
  await t.write(['5678']);
  expect(readdirSync(join(dir, 'data')).sort()).toEqual(['out.lp', 'out.lp.1', 'out.lp.backup']);

  const none = target({ path: join(dir, 'data', 'none.lp'), rotate_size: 5, keep_files: 0 });
  await none.start();
  await none.write(['1234']);
  await none.write(['5678']);
  expect(read('none.lp')).toBe('5678\n');
  expect(existsSync(join(dir, 'data', 'none.lp.1'))).toBe(false);
});

test('json lines parse back', async () => {
  const t = target({ format: 'json_lines', path: join(dir, 'data', 'out.jsonl') });
  await t.start();
  const records = [sample({ fields: { in_octets: 2n ** 40n }, kinds: { in_octets: 'counter64' } }), sample()];
  await t.write([...records.map((r) => t.encoder.encodeSample(r)), t.encoder.encodeScore(score())]);
  const parsed = read('out.jsonl')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(parsed).toEqual([
    expect.objectContaining({ fields: { in_octets: String(2n ** 40n) }, kinds: { in_octets: 'counter64' } }),
    expect.objectContaining({ measurement: 'system', fields: { cpu_util: 12.5 }, time: 1_700_000_000_000 }),
    expect.objectContaining({ measurement: 'noctua_score', fields: { score: 0.93, value: 97.5 } }),
  ]);
});

test('a failed write rejects and the next one opens the file again; a closed target refuses writes', async () => {
  const t = target({ rotate_size: 5, keep_files: 1 });
  await t.start();
  await t.write(['1234']);
  mkdirSync(join(dir, 'data', 'out.lp.1', 'blocker'), { recursive: true }); // rotation cannot delete it
  await expect(t.write(['5678'])).rejects.toThrow();
  rmSync(join(dir, 'data', 'out.lp.1'), { recursive: true });
  await t.write(['5678']);
  expect(read('out.lp')).toBe('5678\n');
  expect(read('out.lp.1')).toBe('1234\n');
  await t.close();
  await expect(t.write(['x'])).rejects.toThrow('closed');
});
