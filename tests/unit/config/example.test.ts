import { join } from 'node:path';
import { loadConfigFile } from '../../../src/config/load';

describe('examples/noctua.yaml', () => {
  it('is a valid config with a synthetic collector, a file sink and an auto rule', () => {
    const { config } = loadConfigFile(join(__dirname, '../../../examples/noctua.yaml'), {});
    expect(config.collectors.lab?.type).toBe('synthetic');
    expect(config.sinks.archive?.type).toBe('file');
    expect(config.rules.cpu_anomaly?.detector.type).toBe('auto');
  });
});
