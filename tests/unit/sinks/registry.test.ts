import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Metrics } from '../../../src/observability/metrics';
import { StatusBoard } from '../../../src/observability/status';
import { sinkConfigSchema } from '../../../src/sinks/config';
import { createSink } from '../../../src/sinks/registry';
import { captureLogger } from '../../support/observability';
import { sample, score } from './support';

function deps() {
  const { logger, lines } = captureLogger();
  return {
    deps: { logger, metrics: new Metrics({ processMetrics: false }), status: new StatusBoard() },
    lines,
  };
}

test('a file sink writes samples and scores as line protocol and flushes them on close', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'noctua-sink-registry-'));
  try {
    const path = join(dir, 'out', 'noctua.lp');
    const { deps: d, lines } = deps();
    const sink = createSink('local', sinkConfigSchema.parse({ type: 'file', path }), d);
    expect(sink).toMatchObject({ kind: 'file', name: 'local' });
    expect(existsSync(join(dir, 'out'))).toBe(false); // building does no I/O
    await sink.start();
    sink.writeSample(sample());
    sink.writeScore(score());
    await sink.close(Date.now() + 5_000);
    expect(readFileSync(path, 'utf8')).toMatch(
      /^system,device=r1 cpu_util=12.5 1700000000000\nnoctua_score,.*\n$/,
    );
    expect(d.status.get('sink', 'local')?.state).toBe('stopped');
    expect(lines.every((l) => l.component === 'sink' && l.name === 'local')).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('every sink folder has a README and a sample config that builds', () => {
  const root = join(__dirname, '..', '..', '..', 'src', 'sinks');
  const folders = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory());
  test.each(folders.map((f) => f.name))('%s', (folder) => {
    expect(existsSync(join(root, folder, 'README.md'))).toBe(true);
    const sample = parse(readFileSync(join(root, folder, 'sample.yaml'), 'utf8')) as {
      sinks: Record<string, unknown>;
    };
    for (const [name, config] of Object.entries(sample.sinks)) {
      expect(createSink(name, sinkConfigSchema.parse(config), deps().deps).kind).toBe(folder);
    }
  });
});
