import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/process';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'noctua-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('--version prints the package version', async () => {
  const { code, stdout } = await runCli(['--version']);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^noctua \d+\.\d+\.\d+\n$/);
});

test.each([['--help'], ['run', '--help'], ['validate', '--help'], ['demo', '--help'], ['help', 'run']])(
  '%s %s prints usage',
  async (...args) => {
    const { code, stdout } = await runCli(args.filter(Boolean));
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: noctua');
  },
);

test('an unknown command or option is a usage error', async () => {
  expect((await runCli(['frobnicate'])).code).toBe(2);
  const bad = await runCli(['run', '--nope']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--nope');
});

test('validate accepts the shipped examples', async () => {
  for (const example of ['demo.yaml', 'noctua.yaml']) {
    const { code, stdout } = await runCli([
      'validate',
      '-c',
      join(__dirname, '..', '..', 'examples', example),
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('valid');
  }
});

test('validate reports every error with file, line and key path, and exits 3', async () => {
  const path = file(
    'broken.yaml',
    [
      'collectors:',
      '  lab:',
      '    type: synthetic',
      '    interval: soon',
      '    devices: [r1]',
      '    series:',
      '      cpu: { measurement: system, field: cpu, baseline: 1 }',
      'rules:',
      '  r:',
      '    match: { collectors: [nowhere] }',
      '    detector: { type: zscore }',
      'colectors: {}',
      '',
    ].join('\n'),
  );
  const { code, stderr } = await runCli(['validate', '-c', path]);
  expect(code).toBe(3);
  expect(stderr).toMatch(new RegExp(`${path}:4:\\d+: collectors\\.lab\\.interval: .*duration`));
  expect(stderr).toMatch(new RegExp(`${path}:10:\\d+: rules\\.r\\.match\\.collectors.*nowhere`));
  expect(stderr).toMatch(new RegExp(`${path}:12:\\d+: .*colectors`));
});

test('run --once prints one round of samples as JSON lines and exits 0', async () => {
  const path = file(
    'once.yaml',
    [
      'collectors:',
      '  lab:',
      '    type: synthetic',
      '    devices: [r1, r2]',
      '    series:',
      '      cpu: { measurement: system, field: cpu_util, baseline: 30, noise: 1 }',
      '      octets: { measurement: interface, field: in_octets, kind: counter64, baseline: 1000 }',
      '',
    ].join('\n'),
  );
  const { code, stdout } = await runCli(['run', '-c', path, '--once']);
  expect(code).toBe(0);
  const samples = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { measurement: string; tags: Record<string, string>; source: string });
  expect(samples).toHaveLength(4);
  expect(samples.map((s) => `${s.measurement}/${s.tags.device}`).sort()).toEqual([
    'interface/r1',
    'interface/r2',
    'system/r1',
    'system/r2',
  ]);
  expect(samples.every((s) => s.source === 'lab')).toBe(true);
});
