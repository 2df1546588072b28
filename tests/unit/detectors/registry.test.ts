import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type DetectorConfig, detectorConfigSchema } from '../../../src/detectors/config';
import { createDetector } from '../../../src/detectors/registry';
import { ZScoreDetector } from '../../../src/detectors/zscore/detector';
import { point } from './support';

describe('createDetector', () => {
  it('builds the detector of the configured type', () => {
    expect(createDetector({ type: 'zscore', window: 10, min_points: 5, sigma: 3 })).toBeInstanceOf(
      ZScoreDetector,
    );
  });

  it('refuses a type it does not know', () => {
    expect(() => createDetector({ type: 'prophet' } as unknown as DetectorConfig)).toThrow(
      'unknown detector type "prophet"',
    );
  });
});

describe('every detector folder has a README and a sample config that builds', () => {
  const root = join(__dirname, '..', '..', '..', 'src', 'detectors');
  const folders = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory());
  test.each(folders.map((f) => f.name))('%s', (folder) => {
    expect(existsSync(join(root, folder, 'README.md'))).toBe(true);
    const sample = parse(readFileSync(join(root, folder, 'sample.yaml'), 'utf8')) as {
      rules: Record<string, { detector: unknown }>;
    };
    for (const rule of Object.values(sample.rules)) {
      const config = detectorConfigSchema.parse(rule.detector);
      expect(config.type.replace(/_/g, '-')).toBe(folder);
      expect(createDetector(config).update(point(1, 0)).score).toBe(0);
    }
  });
});
