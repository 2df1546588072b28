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

describe('examples/gnmi.yaml and examples/mdt.yaml', () => {
  it('are valid configs for the Python peers of scripts/', () => {
    const dir = join(__dirname, '../../../examples');
    const gnmi = loadConfigFile(join(dir, 'gnmi.yaml'), {
      GNMI_USER: 'noc',
      GNMI_PASSWORD: 'noc-secret',
    }).config;
    expect(gnmi.collectors['lab-target']).toMatchObject({ type: 'gnmi', username: 'noc' });
    const mdt = loadConfigFile(join(dir, 'mdt.yaml'), {}).config;
    expect(mdt.collectors.routers).toMatchObject({ type: 'mdt', listen: '127.0.0.1:57000' });
  });
});
