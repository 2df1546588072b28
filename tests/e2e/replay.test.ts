import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '../../src/core/sample';
import { encodeSampleJson } from '../../src/sinks/json-lines';
import { runCli } from '../support/process';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'noctua-replay-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = Date.UTC(2026, 0, 1);
const FIVE_MINUTES = 300_000;

/** `rows` rows of noise every 5 minutes, with a spike at row `spikeAt`. */
function csv(rows: number, spikeAt: number, seed = 1): string {
  let state = seed;
  const lines = ['timestamp,value'];
  for (let i = 0; i < rows; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const value = i === spikeAt ? 500 : 40 + (10 * state) / 2_147_483_648;
    lines.push(
      `${new Date(START + i * FIVE_MINUTES).toISOString().replace('T', ' ').slice(0, 19)},${value.toFixed(3)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function outputRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

test('scores a CSV file with auto: one row per input row, same timestamps and values, scores in [0, 1]', async () => {
  const input = write(join(dir, 'one.csv'), csv(1200, 1000));
  const output = join(dir, 'one-scored.csv');
  const { code, stderr } = await runCli(['replay', '--input', input, '--output', output]);
  expect(code).toBe(0);
  expect(stderr).toContain('1 files, 1200 rows scored');
  const [header, ...rows] = outputRows(output);
  expect(header).toEqual(['timestamp', 'value', 'anomaly_score']);
  const inputRows = outputRows(input).slice(1);
  expect(rows.map((r) => r.slice(0, 2))).toEqual(inputRows);
  const scores = rows.map((r) => Number(r[2]));
  expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
  expect(scores[1000]).toBeGreaterThanOrEqual(0.9);
});

test('a prefix of a file gets the same scores as the start of the whole file', async () => {
  const whole = csv(1500, 1200, 7);
  const prefix = whole.split('\n').slice(0, 901).join('\n');
  const wholeIn = write(join(dir, 'prefix', 'whole.csv'), whole);
  const prefixIn = write(join(dir, 'prefix', 'start.csv'), `${prefix}\n`);
  for (const [input, output] of [
    [wholeIn, join(dir, 'prefix-out', 'whole.csv')],
    [prefixIn, join(dir, 'prefix-out', 'start.csv')],
  ] as const) {
    expect((await runCli(['replay', '--input', input, '--output', output])).code).toBe(0);
  }
  const wholeRows = outputRows(join(dir, 'prefix-out', 'whole.csv'));
  const prefixRows = outputRows(join(dir, 'prefix-out', 'start.csv'));
  expect(prefixRows).toHaveLength(901);
  expect(prefixRows).toEqual(wholeRows.slice(0, 901));
});

test('mirrors a directory tree, with a fresh detector per file, and skips other files', async () => {
  const tree = join(dir, 'tree');
  write(join(tree, 'a', 'x.csv'), csv(300, 250, 3));
  write(join(tree, 'a', 'b', 'y.csv'), csv(200, 150, 3));
  write(join(tree, 'notes.txt'), 'not data');
  write(join(tree, 'labels.json'), '{"not":"json lines"}');
  const output = join(dir, 'tree-out');
  const { code, stderr } = await runCli([
    'replay',
    '--input',
    tree,
    '--output',
    output,
    '--detector',
    'zscore',
    '--param',
    'window=30',
  ]);
  expect(code).toBe(0);
  expect(stderr).toContain('2 files, 500 rows scored');
  const x = outputRows(join(output, 'a', 'x.csv'));
  const y = outputRows(join(output, 'a', 'b', 'y.csv'));
  expect([x.length, y.length]).toEqual([301, 201]);
  // Same data, fresh state: the first 200 rows of both files score alike.
  expect(y.slice(0, 151)).toEqual(x.slice(0, 151));
});

test('a malformed row stops the replay with the file and line', async () => {
  const input = write(
    join(dir, 'bad', 'broken.csv'),
    'timestamp,value\n2026-01-01 00:00:00,1\n2026-01-01 00:05:00,oops\n',
  );
  const { code, stderr } = await runCli(['replay', '--input', input, '--output', join(dir, 'bad-out.csv')]);
  expect(code).toBe(1);
  expect(stderr).toContain(`${input}:3: value "oops" is not a number`);
});

test('bad detector settings are refused before anything is read', async () => {
  const { code, stderr } = await runCli([
    'replay',
    '--input',
    dir,
    '--output',
    join(dir, 'never'),
    '--detector',
    'ewma',
    '--param',
    'alpha=7',
  ]);
  expect(code).toBe(3);
  expect(stderr).toContain('--param alpha');
});

test('replays JSON lines recorded by the file sink through the rules of a config file', async () => {
  const samples: Sample[] = [];
  for (let i = 0; i < 400; i++) {
    for (const device of ['r1', 'r2']) {
      const cpu = i === 350 && device === 'r2' ? 99 : 20 + ((i * 7) % 5);
      samples.push({
        measurement: 'system',
        tags: { device },
        fields: { cpu_util: cpu, in_octets: BigInt(i * 1000) },
        time: START + i * 10_000,
        source: 'lab',
        kinds: { in_octets: 'counter64' },
      });
    }
  }
  write(join(dir, 'recorded', 'noctua.jsonl'), `${samples.map(encodeSampleJson).join('\n')}\n`);
  const config = write(
    join(dir, 'rules.yaml'),
    [
      'collectors:',
      '  lab: { type: synthetic, devices: [r1], series: { cpu: { measurement: system, field: cpu_util, baseline: 1 } } }',
      'rules:',
      '  cpu:',
      '    match: { measurement: system, fields: [cpu_util] }',
      '    detector: { type: mad, window: 60 }',
      '',
    ].join('\n'),
  );
  const output = join(dir, 'recorded-out');
  const { code, stderr } = await runCli([
    'replay',
    '--input',
    join(dir, 'recorded'),
    '--output',
    output,
    '--rule',
    config,
  ]);
  expect(stderr).toContain('1 files, 800 rows scored');
  expect(code).toBe(0);
  const scores = readFileSync(join(output, 'noctua.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map(
      (line) =>
        JSON.parse(line) as {
          measurement: string;
          tags: Record<string, string>;
          fields: Record<string, number>;
          time: number;
        },
    );
  // Counters are not scored; one score per cpu_util point.
  expect(scores).toHaveLength(800);
  expect(scores[0]).toMatchObject({
    measurement: 'noctua_score',
    tags: { device: 'r1', field: 'cpu_util', rule: 'cpu', detector: 'mad' },
  });
  const anomalies = scores.filter((s) => s.fields.score! >= 0.9);
  expect(anomalies.map((s) => [s.tags.device, s.time])).toEqual([['r2', START + 350 * 10_000]]);
});

test('replay --help shows the usage; missing paths are a usage error', async () => {
  const help = await runCli(['replay', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Usage: noctua replay --input PATH --output PATH');
  const missing = await runCli(['replay', '--input', dir]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('--input and --output are required');
});
