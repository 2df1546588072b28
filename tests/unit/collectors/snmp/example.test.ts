import { join } from 'node:path';
import { loadConfigFile } from '../../../../src/config/load';

describe('examples/snmp.yaml', () => {
  it('is valid with the credentials given as environment variables, and refuses to start without them', () => {
    const file = join(__dirname, '../../../../examples/snmp.yaml');
    const env = { SNMP_COMMUNITY: 'public', SNMP_AUTH_KEY: 'authpass123', SNMP_PRIV_KEY: 'privpass123' };
    const { config } = loadConfigFile(file, env);
    expect(config.collectors['local-snmp']).toMatchObject({
      type: 'snmp',
      agents: { 'local-v2c': { community: 'public' }, 'local-v3': { user: { level: 'auth_priv' } } },
    });
    expect(() => loadConfigFile(file, {})).toThrow(/environment variable SNMP_COMMUNITY is not set/);
  });
});
