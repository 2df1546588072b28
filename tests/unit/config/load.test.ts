import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, formatIssue, loadConfigFile, parseConfigText } from '../../../src/config/load';

/** Strips the indentation of a template literal so that YAML can be written inline. */
function yaml(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** The formatted issues of invalid text; fails the test when the text is valid. */
function issues(text: string, env: NodeJS.ProcessEnv = {}, file = 'x.yaml'): string[] {
  try {
    parseConfigText(text, file, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected the config to be invalid');
}

const MINIMAL = yaml(`
  collectors:
    lab:
      type: synthetic
      devices: [r1]
      series:
        cpu: { measurement: system, field: cpu, baseline: 30 }
`);

describe('parseConfigText: one issue of each kind, at its exact line and column', () => {
  const cases: Array<{ name: string; text: string; env?: NodeJS.ProcessEnv; expected: string[] }> = [
    {
      name: 'YAML syntax error',
      text: yaml(`
        collectors:
          lab: "unterminated
      `),
      expected: ['x.yaml:3:1: Missing closing "quote'],
    },
    {
      name: 'alias inside the node it refers to',
      text: 'collectors: &all\n  lab: [*all]\n',
      expected: ['x.yaml:2:9: alias *all refers to a node that contains it'],
    },
    {
      name: 'duplicate key',
      text: yaml(`
        collectors:
          lab:
            type: synthetic
            devices: [r1]
            devices: [r2]
            series: {}
      `),
      expected: ['x.yaml:5:5: collectors.lab.devices: duplicate key (first given at line 4)'],
    },
    {
      name: 'unknown key, with the closest valid key',
      text: `${MINIMAL}    intervall: 5s\n`,
      expected: ['x.yaml:7:5: collectors.lab.intervall: unknown key "intervall" (did you mean "interval"?)'],
    },
    {
      name: 'unknown key far from any valid key',
      text: `${MINIMAL}detection:\n  colour: blue\n`,
      expected: [
        'x.yaml:8:3: detection.colour: unknown key "colour" (expected one of: max_series, idle_expiry)',
      ],
    },
    {
      name: 'wrong type',
      text: `${MINIMAL}    seed: fast\n`,
      expected: ['x.yaml:7:11: collectors.lab.seed: expected a number, got "fast"'],
    },
    {
      name: 'invalid value of a custom type',
      text: `${MINIMAL}    interval: soon\n`,
      expected: [
        'x.yaml:7:15: collectors.lab.interval: expected a duration longer than 0, such as 500ms, 10s, 5m, 1h or 1d, got "soon"',
      ],
    },
    {
      name: 'enum value, with a suggestion',
      text: `${MINIMAL}service:\n  log_level: debg\n`,
      expected: [
        'x.yaml:8:14: service.log_level: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "debg" (did you mean "debug"?)',
      ],
    },
    {
      name: 'missing required key, at the object that lacks it',
      text: yaml(`
        collectors:
          lab:
            type: synthetic
            devices: [r1]
      `),
      expected: ['x.yaml:2:3: collectors.lab: missing required key "series"'],
    },
    {
      name: 'missing type of a named object',
      text: yaml(`
        collectors:
          lab:
            devices: [r1]
      `),
      expected: ['x.yaml:2:3: collectors.lab: missing required key "type" (one of: synthetic, gnmi, mdt)'],
    },
    {
      name: 'unknown type',
      text: MINIMAL.replace('type: synthetic', 'type: synthetik'),
      expected: ['x.yaml:3:11: collectors.lab.type: unknown type "synthetik" (did you mean "synthetic"?)'],
    },
    {
      name: 'missing environment variable',
      text: MINIMAL.replace('field: cpu', 'field: "${env:CPU_FIELD}"'),
      expected: ['x.yaml:6:42: collectors.lab.series.cpu.field: environment variable CPU_FIELD is not set'],
    },
    {
      name: 'unreadable secret file',
      text: MINIMAL.replace('field: cpu', 'field: "${file:no-such-file}"'),
      expected: [
        'x.yaml:6:42: collectors.lab.series.cpu.field: cannot read secret file no-such-file: no such file',
      ],
    },
    {
      name: 'unknown reference scheme',
      text: MINIMAL.replace('field: cpu', 'field: "${vault:cpu}"'),
      expected: [
        'x.yaml:6:42: collectors.lab.series.cpu.field: unknown reference ${vault:cpu}: use ${env:NAME} or ${file:PATH}',
      ],
    },
    {
      name: 'unknown reference to a named object',
      text: `${MINIMAL}rules:\n  r1:\n    match: { collectors: [lab, labb] }\n    detector: { type: zscore }\n`,
      expected: ['x.yaml:9:32: rules.r1.match.collectors[1]: unknown collector "labb" (did you mean "lab"?)'],
    },
    {
      name: 'number out of range',
      text: `${MINIMAL}rules:\n  r1:\n    detector: { type: zscore, window: 1 }\n`,
      expected: ['x.yaml:9:39: rules.r1.detector.window: must be at least 2, got 1'],
    },
  ];

  it.each(cases)('$name', ({ text, env, expected }) => {
    expect(issues(text, env)).toEqual(expected);
  });
});

describe('parseConfigText: several issues at once', () => {
  it('reports every issue, references included, in file order', () => {
    const text = yaml(`
      service:
        log_level: loud
      collectors:
        lab:
          type: synthetic
          devices: { count: 0 }
          series:
            cpu: { measurement: system, baseline: 30, nosie: 1 }
          anomalies:
            - { series: cpu, type: spike }
      rules:
        r1:
          match: { collectors: [lab2] }
          detector:
            type: zscore
            sigma: ${'${env:SIGMA}'}
    `);
    expect(issues(text)).toEqual([
      'x.yaml:2:14: service.log_level: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "loud"',
      'x.yaml:6:23: collectors.lab.devices.count: must be at least 1, got 0',
      'x.yaml:8:7: collectors.lab.series.cpu: missing required key "field"',
      'x.yaml:8:49: collectors.lab.series.cpu.nosie: unknown key "nosie" (did you mean "noise"?)',
      'x.yaml:10:9: collectors.lab.anomalies[0]: missing required key "at"',
      'x.yaml:13:27: rules.r1.match.collectors[0]: unknown collector "lab2" (did you mean "lab"?)',
      'x.yaml:16:14: rules.r1.detector.sigma: environment variable SIGMA is not set',
    ]);
  });

  it('puts every issue into the error message, one per line', () => {
    expect(() => parseConfigText('collectors: {}\nextra: 1\n', 'x.yaml', {})).toThrow(
      'x.yaml:1:13: collectors: define at least one collector\nx.yaml:2:1: extra: unknown key "extra"',
    );
  });
});

describe('parseConfigText: a valid file', () => {
  it('returns the config with every default applied', () => {
    const loaded = parseConfigText(MINIMAL, 'x.yaml', {});
    expect(loaded.file).toBe('x.yaml');
    expect(loaded.secrets).toEqual([]);
    expect(loaded.config).toEqual({
      service: {
        log_level: 'info',
        http: { enabled: true, listen: '127.0.0.1:9750' },
        shutdown_timeout: 10_000,
      },
      collectors: {
        lab: {
          type: 'synthetic',
          interval: 1_000,
          seed: 1,
          pace: 'realtime',
          devices: ['r1'],
          series: {
            cpu: {
              measurement: 'system',
              field: 'cpu',
              tags: {},
              kind: 'gauge',
              baseline: 30,
              noise: 0,
              initial: 0,
            },
          },
          anomalies: [],
          inactivity_timeout: 60_000,
          backoff: { initial: 1_000, max: 60_000, multiplier: 2, jitter: 0.2 },
        },
      },
      sinks: {},
      detection: { max_series: 200_000, idle_expiry: 3_600_000 },
      rules: {},
    });
  });
});

describe('references to environment variables and files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'noctua-config-'));
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(join(dir, 'secrets', 'measurement'), 'system\n');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const WITH_REFERENCES = yaml(`
    collectors:
      lab:
        type: synthetic
        devices: [r1]
        series:
          cpu: { measurement: "\${file:secrets/measurement}", field: cpu, baseline: 30 }
    sinks:
      archive: { type: file, path: "\${env:DATA_DIR}/noctua.lp" }
  `);

  it('resolves both, files relative to the config file and without the trailing newline', () => {
    const loaded = parseConfigText(WITH_REFERENCES, join(dir, 'noctua.yaml'), {
      DATA_DIR: '/var/lib/noctua',
    });
    expect((loaded.config.collectors.lab as { series?: unknown }).series).toMatchObject({
      cpu: { measurement: 'system' },
    });
    expect(loaded.config.sinks.archive).toMatchObject({ path: '/var/lib/noctua/noctua.lp' });
    expect([...loaded.secrets].sort()).toEqual(['/var/lib/noctua', 'system']);
  });

  it('never puts a resolved value into a message', () => {
    writeFileSync(join(dir, 'token'), 'hunter2\n');
    const text = `${MINIMAL}    interval: "\${file:token}"\n    seed: \${env:SEED}\n`;
    const found = issues(text, { SEED: 's3cret' }, join(dir, 'noctua.yaml'));
    expect(found).toEqual([
      `${dir}/noctua.yaml:7:15: collectors.lab.interval: expected a duration longer than 0, such as 500ms, 10s, 5m, 1h or 1d, got "[redacted]"`,
      `${dir}/noctua.yaml:8:11: collectors.lab.seed: expected a number, got "[redacted]"`,
    ]);
  });

  it('loadConfigFile reads the file and resolves its references', () => {
    const file = join(dir, 'noctua.yaml');
    writeFileSync(file, WITH_REFERENCES);
    const loaded = loadConfigFile(file, { DATA_DIR: '/data' });
    expect(loaded.file).toBe(file);
    expect(loaded.config.sinks.archive).toMatchObject({ path: '/data/noctua.lp' });
  });

  it('loadConfigFile reports an unreadable file as a ConfigError', () => {
    const file = join(dir, 'missing.yaml');
    expect(() => loadConfigFile(file, {})).toThrow(ConfigError);
    expect(() => loadConfigFile(file, {})).toThrow(`${file}: cannot read the file: no such file`);
  });
});
