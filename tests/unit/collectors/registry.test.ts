import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { parse } from 'yaml';
import { collectorConfigSchema } from '../../../src/collectors/config';
import { createCollector } from '../../../src/collectors/registry';
import { Metrics } from '../../../src/observability/metrics';
import { StatusBoard } from '../../../src/observability/status';
import { captureLogger } from '../../support/observability';

function deps() {
  const { logger, lines } = captureLogger();
  return {
    deps: { logger, metrics: new Metrics({ processMetrics: false }), status: new StatusBoard() },
    lines,
  };
}

const synthetic = (extra: Record<string, unknown> = {}) =>
  collectorConfigSchema.parse({
    type: 'synthetic',
    pace: 'max',
    rounds: 1,
    devices: ['r1'],
    series: { cpu: { measurement: 'system', field: 'cpu_util', baseline: 1 } },
    ...extra,
  });

test('builds a collector of the configured type that logs as its own component', async () => {
  const { deps: d, lines } = deps();
  const collector = createCollector('lab', synthetic(), d);
  expect(collector).toMatchObject({ kind: 'synthetic', name: 'lab' });
  expect(lines).toEqual([]); // building does nothing
  const samples = await lastValueFrom(collector.samples$().pipe(toArray()));
  expect(samples).toHaveLength(1);
  expect(lines[0]).toMatchObject({ component: 'collector', name: 'lab', msg: 'synthetic collector started' });
});

test('the schema refuses what the collector could not run, naming the key', () => {
  const issues = (extra: Record<string, unknown>) =>
    collectorConfigSchema
      .safeParse({
        type: 'synthetic',
        devices: ['r1'],
        series: { cpu: { measurement: 'system', field: 'cpu_util', baseline: 1 } },
        ...extra,
      })
      .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  expect(issues({ anomalies: [{ series: 'cpu', device: 'r9', type: 'spike', at: '1m' }] })).toEqual([
    expect.stringMatching(/^anomalies\.0\.device: unknown device "r9"/),
  ]);
  expect(issues({ interval: 0 })).toEqual([
    expect.stringMatching(/^interval: expected a duration longer than 0/),
  ]);
});

describe('every collector folder has a README and a sample config that builds', () => {
  const root = join(__dirname, '..', '..', '..', 'src', 'collectors');
  const folders = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory());
  test.each(folders.map((f) => f.name))('%s', (folder) => {
    expect(existsSync(join(root, folder, 'README.md'))).toBe(true);
    const sample = parse(readFileSync(join(root, folder, 'sample.yaml'), 'utf8')) as {
      collectors: Record<string, unknown>;
    };
    for (const [name, config] of Object.entries(sample.collectors)) {
      expect(createCollector(name, collectorConfigSchema.parse(config), deps().deps).kind).toBe(folder);
    }
  });
});
