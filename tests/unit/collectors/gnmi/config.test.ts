import { collectorConfigSchema } from '../../../../src/collectors/config';
import { measurementRules, subscribeRequest } from '../../../../src/collectors/gnmi/request';

const BASE = {
  type: 'gnmi',
  targets: { r1: { address: '10.0.0.1:57400' } },
  subscriptions: { ifcounters: { path: '/interfaces/interface[name=*]/state/counters' } },
};

const issues = (extra: Record<string, unknown>) =>
  collectorConfigSchema
    .safeParse({ ...BASE, ...extra })
    .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

test.each<[string, Record<string, unknown>, RegExp]>([
  [
    'a path that does not parse',
    { subscriptions: { x: { path: '/a[b' } } },
    /^subscriptions\.x\.path: path "\/a\[b" has a key without "="/,
  ],
  ['no targets', { targets: {} }, /^targets: at least one target is needed/],
  [
    'an address without port',
    { targets: { r1: { address: 'r1' } } },
    /^targets\.r1\.address: expected host:port/,
  ],
  [
    'a certificate without key',
    { tls: { enabled: true, cert_file: 'c.pem' } },
    /^tls\.key_file: cert_file and key_file go together/,
  ],
  [
    'TLS options while TLS is off',
    { tls: { skip_verify: true } },
    /^tls\.enabled: TLS options are set but tls\.enabled is false/,
  ],
  ['a user without password', { username: 'noc' }, /^password: username and password go together/],
  [
    'keepalive pings too often',
    { keepalive: { time: '5s' } },
    /^keepalive\.time: keepalive pings more often than every 10s/,
  ],
  ['an unknown encoding', { encoding: 'xml' }, /^encoding: /],
])('refuses %s', (_name, extra, message) => {
  expect(issues(extra)).toEqual([expect.stringMatching(message)]);
});

test('builds the SubscribeRequest: modes, nanosecond intervals, prefix with target', () => {
  const config = collectorConfigSchema.parse({
    ...BASE,
    prefix: 'openconfig:/interfaces',
    mode: 'poll',
    encoding: 'proto',
    updates_only: true,
    subscriptions: {
      ifcounters: {
        path: '/interface[name=eth0]/state/counters',
        sample_interval: '2s',
        heartbeat_interval: '1m',
      },
      status: { path: '/interface/state/oper-status', mode: 'on_change', suppress_redundant: true },
    },
    aliases: { ifstate: '/interfaces/interface/state' },
  });
  if (config.type !== 'gnmi') throw new Error('expected a gnmi config');
  expect(subscribeRequest(config, 'leaf1')).toEqual({
    subscribe: {
      prefix: { origin: 'openconfig', elem: [{ name: 'interfaces' }], target: 'leaf1' },
      subscription: [
        {
          path: {
            elem: [{ name: 'interface', key: { name: 'eth0' } }, { name: 'state' }, { name: 'counters' }],
          },
          mode: 2,
          sample_interval: 2_000_000_000,
          suppress_redundant: false,
          heartbeat_interval: 60_000_000_000,
        },
        {
          path: { elem: [{ name: 'interface' }, { name: 'state' }, { name: 'oper-status' }] },
          mode: 1,
          sample_interval: 10_000_000_000,
          suppress_redundant: true,
          heartbeat_interval: 0,
        },
      ],
      mode: 2,
      encoding: 2,
      updates_only: true,
    },
  });
  expect(measurementRules(config)).toEqual([
    { name: 'ifstate', path: '/interfaces/interface/state' },
    { name: 'ifcounters', path: '/interfaces/interface/state/counters' },
    { name: 'status', path: '/interfaces/interface/state/oper-status' },
  ]);
});
