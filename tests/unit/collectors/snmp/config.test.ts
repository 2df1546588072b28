import { collectorConfigSchema } from '../../../../src/collectors/config';
import { createCollector } from '../../../../src/collectors/registry';
import { parseConfigText } from '../../../../src/config/load';
import { Metrics } from '../../../../src/observability/metrics';
import { StatusBoard } from '../../../../src/observability/status';
import { captureLogger } from '../../../support/observability';

const agent = { host: '192.0.2.1', community: 'x' };

function issues(config: Record<string, unknown>): string[] | undefined {
  return collectorConfigSchema
    .safeParse({ type: 'snmp', agents: { r1: agent }, ...config })
    .error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('SNMP config', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'v2c needs a community',
      { agents: { r1: { host: 'h' } } },
      /^agents\.r1\.community: version 2c needs community/,
    ],
    [
      'v3 needs a user',
      { agents: { r1: { host: 'h', version: '3' } } },
      /^agents\.r1\.user: version 3 needs user/,
    ],
    [
      'auth_priv needs both keys',
      { agents: { r1: { host: 'h', version: '3', user: { name: 'u', auth_key: 'k' } } } },
      /^agents\.r1\.user\.priv_key: level auth_priv needs priv_key/,
    ],
    [
      'an unknown auth protocol',
      {
        agents: {
          r1: {
            host: 'h',
            version: '3',
            user: { name: 'u', level: 'no_auth_no_priv', auth_protocol: 'sha1' },
          },
        },
      },
      /^agents\.r1\.user\.auth_protocol: /,
    ],
    [
      'an OID that is neither a number nor a MIB name',
      { scalars: [{ measurement: 'm', objects: [{ name: 'x', oid: 'ifName' }] }] },
      /^scalars\.0\.objects\.0\.oid: expected a numeric OID/,
    ],
    ['an unknown object set', { object_sets: ['cisco'] }, /^object_sets\.0: /],
    ['max_repetitions 0', { max_repetitions: 0 }, /^max_repetitions: /],
    [
      'a silence limit that a healthy poller would hit',
      { interval: '2m', inactivity_timeout: '1m' },
      /^inactivity_timeout: must be longer than interval and poll_budget \(120000 ms\)/,
    ],
  ])('refuses %s, naming the key', (_, config, expected) => {
    expect(issues(config)).toEqual([expect.stringMatching(expected)]);
  });

  it('accepts v3 without keys at no_auth_no_priv and fills the defaults', () => {
    const parsed = collectorConfigSchema.parse({
      type: 'snmp',
      agents: { r1: { host: 'h', version: '3', user: { name: 'u', level: 'no_auth_no_priv' } } },
    });
    expect(parsed).toMatchObject({
      interval: 10_000,
      timeout: 2_000,
      retries: 1,
      max_repetitions: 50,
      max_concurrency: 4,
    });
  });

  it('refuses an inline community in a config file: secrets only as references', () => {
    const text = 'collectors:\n  s:\n    type: snmp\n    agents:\n      r1: { host: h, community: public }\n';
    expect(() => parseConfigText(text, 'x.yaml', {})).toThrow(
      /collectors\.s\.agents\.r1\.community: secrets must be given as/,
    );
    const referenced = text.replace('community: public', `community: "${'$'}{env:C}"`);
    expect(parseConfigText(referenced, 'x.yaml', { C: 'public' }).config.collectors.s).toMatchObject({
      agents: { r1: { community: 'public' } },
    });
  });

  it('a MIB name the bundled MIBs do not know fails the build with its key path', () => {
    const config = collectorConfigSchema.parse({
      type: 'snmp',
      agents: { r1: agent },
      tables: [
        {
          measurement: 't',
          columns: [
            { name: 'a', oid: 'IF-MIB::ifName' },
            { name: 'b', oid: 'IF-MIB::ifNope' },
          ],
        },
      ],
    });
    const { logger } = captureLogger();
    expect(() =>
      createCollector('s', config, {
        logger,
        metrics: new Metrics({ processMetrics: false }),
        status: new StatusBoard(),
      }),
    ).toThrow(/^tables\.0\.columns\.1\.oid: IF-MIB::ifNope: not found in the MIBs bundled with net-snmp/);
  });
});
