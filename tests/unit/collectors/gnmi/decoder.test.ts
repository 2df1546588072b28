import { parsePath } from '../../../../src/collectors/gnmi/path';
import { WireError } from '../../../../src/collectors/wire';
import { decoderFor, encodeResponse } from './support';

const RULES = [
  { name: 'ifcounters', path: '/interfaces/interface/state/counters' },
  { name: 'interfaces', path: '/interfaces' },
];
const TIME = '1795308853551260242';
const at = { time: 1795308853551, timeNs: 1795308853551260242n, source: 'lab' };

const update = (path: string, val: Record<string, unknown>) => ({ path: parsePath(path), val });

test('the longest rule names the measurement; keys become tags; the rest of the path names the field', () => {
  const decode = decoderFor(RULES);
  const { samples, result } = decode({
    update: {
      timestamp: TIME,
      prefix: parsePath('/interfaces/interface[name=eth0]'),
      update: [
        update('/state/counters/in-octets', { uint_val: 1 }),
        update('/state/counters/out-octets', { uint_val: 2 }),
        update('/state/oper-status', { string_val: 'UP' }),
        update('/subinterfaces/subinterface[index=0]/state/counters/in-octets', { uint_val: 3 }),
      ],
    },
  });
  expect(result).toEqual({ kind: 'update', updates: 4, deletes: 0 });
  expect(samples).toEqual([
    {
      measurement: 'ifcounters',
      tags: { source: 'r1', name: 'eth0' },
      fields: { 'in-octets': 1, 'out-octets': 2 },
      ...at,
    },
    {
      measurement: 'interfaces',
      tags: { source: 'r1', name: 'eth0' },
      fields: { 'interface/state/oper-status': 'UP' },
      ...at,
    },
    {
      measurement: 'interfaces',
      tags: { source: 'r1', name: 'eth0', index: '0' },
      fields: { 'interface/subinterfaces/subinterface/state/counters/in-octets': 3 },
      ...at,
    },
  ]);
});

test('a key name used twice is qualified with its element; a key named source too; no rule: the parent path', () => {
  const { samples } = decoderFor(RULES)({
    update: {
      timestamp: TIME,
      update: [
        update(
          '/network-instances/network-instance[name=default]/protocols/protocol[name=bgp][source=x]/up',
          { bool_val: true },
        ),
      ],
    },
  });
  expect(samples).toEqual([
    {
      measurement: '/network-instances/network-instance/protocols/protocol',
      tags: { source: 'r1', name: 'default', protocol_name: 'bgp', protocol_source: 'x' },
      fields: { up: true },
      ...at,
    },
  ]);
});

test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
  ['double', { double_val: 1.5 }, { v: 1.5 }],
  ['float', { float_val: 0.5 }, { v: 0.5 }],
  ['negative int', { int_val: -42 }, { v: -42 }],
  ['int beyond 2^53', { int_val: '-9223372036854775808' }, { v: -9223372036854775808n }],
  ['uint beyond 2^53', { uint_val: '18446744073709551615' }, { v: 18446744073709551615n }],
  ['uint at 2^53 - 1', { uint_val: '9007199254740991' }, { v: 9007199254740991 }],
  ['bool', { bool_val: false }, { v: false }],
  ['string', { string_val: 'UP' }, { v: 'UP' }],
  ['ascii', { ascii_val: 'text' }, { v: 'text' }],
  ['bytes as base64', { bytes_val: Buffer.from([1, 2, 255]) }, { v: 'AQL/' }],
  ['decimal', { decimal_val: { digits: -1234, precision: 2 } }, { v: -12.34 }],
  [
    'leaf-list',
    { leaflist_val: { element: [{ string_val: 'a' }, { uint_val: 7 }, { bool_val: true }] } },
    { v: 'a,7,true' },
  ],
  ['json scalar', { json_val: Buffer.from('12') }, { v: 12 }],
  ['json object', { json_val: Buffer.from('{"a":1,"b":{"c":"x"}}') }, { 'v/a': 1, 'v/b/c': 'x' }],
  ['json keeps numeric strings', { json_val: Buffer.from('{"a":"12"}') }, { 'v/a': '12' }],
  [
    'json_ietf: module prefixes dropped, 64-bit strings to numbers',
    {
      json_ietf_val: Buffer.from(
        '{"oc-if:in-octets":"18446744073709551615","oc-if:mtu":"1500","rate":"0.25","name":"eth0"}',
      ),
    },
    { 'v/in-octets': 18446744073709551615n, 'v/mtu': 1500, 'v/rate': 0.25, 'v/name': 'eth0' },
  ],
  ['json leaf-list', { json_val: Buffer.from('["a","b"]') }, { v: 'a,b' }],
])('TypedValue %s', (_name, val, fields) => {
  const { samples, problems } = decoderFor([{ name: 'm', path: '/x' }])({
    update: { timestamp: TIME, update: [update('/x/v', val)] },
  });
  expect(problems).toEqual([]);
  expect(samples[0]!.fields).toEqual(fields);
});

test('at the measurement path, a JSON object spreads its leaves and a scalar takes the leaf name', () => {
  const { samples } = decoderFor([
    { name: 'counters', path: '/a/counters' },
    { name: 'mtu', path: '/a/mtu' },
  ])({
    update: {
      timestamp: TIME,
      prefix: parsePath('/a'),
      update: [
        update('/counters', { json_ietf_val: Buffer.from('{"m:in":1}') }),
        update('/mtu', { uint_val: 3 }),
      ],
    },
  });
  expect(samples.map((s) => [s.measurement, s.fields])).toEqual([
    ['counters', { in: 1 }],
    ['mtu', { mtu: 3 }],
  ]);
});

test.each<[string, Record<string, unknown> | undefined, string]>([
  ['no value', undefined, 'no_value'],
  ['an empty value', {}, 'no_value'],
  ['bad json', { json_val: Buffer.from('{not json') }, 'bad_json'],
  ['json null', { json_val: Buffer.from('null') }, 'no_value'],
  ['json list of objects', { json_val: Buffer.from('[{"a":1}]') }, 'json_list_of_objects'],
  ['any', { any_val: { type_url: 'x', value: Buffer.alloc(1) } }, 'unsupported_value'],
  ['proto bytes', { proto_bytes: Buffer.from([8, 1]) }, 'unsupported_value'],
  [
    'a leaf-list holding an object',
    { leaflist_val: { element: [{ json_val: Buffer.from('{"a":1}') }] } },
    'unsupported_value',
  ],
  [
    'a leaf-list holding an empty object',
    { leaflist_val: { element: [{ json_val: Buffer.from('{}') }] } },
    'unsupported_value',
  ],
])('%s is reported as %s; the other updates are kept', (_name, val, problem) => {
  const { samples, problems } = decoderFor(RULES)({
    update: {
      timestamp: TIME,
      prefix: parsePath('/interfaces/interface[name=eth0]/state/counters'),
      update: [{ path: parsePath('/bad'), ...(val ? { val } : {}) }, update('/good', { uint_val: 7 })],
    },
  });
  expect(problems).toEqual([`${problem} /interfaces/interface[name=eth0]/state/counters/bad`]);
  expect(samples.map((s) => s.fields)).toEqual([{ good: 7 }]);
});

test('deletes become deleted = true; no timestamp means receive time; all-bad notifications emit nothing', () => {
  const decode = decoderFor(RULES);
  const { samples, result } = decode({ update: { delete: [parsePath('/interfaces/interface[name=eth3]')] } });
  expect(result).toEqual({ kind: 'update', updates: 0, deletes: 1 });
  expect(samples).toEqual([
    {
      measurement: 'interfaces',
      tags: { source: 'r1', name: 'eth3' },
      fields: { deleted: true },
      time: 42,
      source: 'lab',
    },
  ]);
  expect(
    decode({ update: { timestamp: TIME, update: [{ path: parsePath('/interfaces/x') }] } }).samples,
  ).toEqual([]);
});

test('series reuse one tags object per measurement and keys; the cache starts over when full', () => {
  const decode = decoderFor(RULES, 2);
  const tagsOf = (name: string) =>
    decode({
      update: {
        timestamp: TIME,
        update: [update(`/interfaces/interface[name=${name}]/state/counters/x`, { uint_val: 1 })],
      },
    }).samples[0]!.tags;
  const a = tagsOf('a');
  expect(tagsOf('a')).toBe(a);
  expect(tagsOf('b')).not.toBe(a);
  tagsOf('c'); // full: the series cache starts over, but cached paths keep their series
  expect(tagsOf('a')).toEqual(a);
});

test('repeated notifications give fresh, equal samples; a changed set of paths gives its own fields', () => {
  const decode = decoderFor(RULES);
  const notification = (names: string[], base: number) => ({
    update: {
      timestamp: TIME,
      prefix: parsePath('/interfaces'),
      // Updates of two series, interleaved.
      update: names.flatMap((name, i) => [
        update(`/interface[name=eth0]/state/counters/${name}`, { uint_val: base + i }),
        update(`/interface[name=eth1]/state/counters/${name}`, { int_val: -base - i }),
      ]),
    },
  });
  const fieldsOf = (names: string[], base: number) =>
    decode(notification(names, base)).samples.map((s) => s.fields);
  const runs = [1, 2, 3].map((base) => fieldsOf(['in', 'out', 'errors'], base * 10));
  expect(runs).toEqual(
    [1, 2, 3].map((base) => [
      { in: base * 10, out: base * 10 + 1, errors: base * 10 + 2 },
      { in: -base * 10, out: -base * 10 - 1, errors: -base * 10 - 2 },
    ]),
  );
  expect(runs[0]![0]).not.toBe(runs[1]![0]);
  expect(fieldsOf(['out', 'in'], 5)).toEqual([
    { out: 5, in: 6 },
    { out: -5, in: -6 },
  ]);
  expect(Object.keys(fieldsOf(['in', 'out', 'errors'], 0)[0]!)).toEqual(['in', 'out', 'errors']);
});

test('the deprecated string path elements are read', () => {
  const { samples } = decoderFor(RULES)({
    update: {
      timestamp: TIME,
      update: [{ path: { element: ['interfaces', 'up'] }, val: { bool_val: true } }],
    },
  });
  expect(samples[0]).toMatchObject({ measurement: 'interfaces', fields: { up: true } });
});

test('sync_response, error and empty responses', () => {
  const decode = decoderFor(RULES);
  expect(decode({ sync_response: true }).result).toEqual({ kind: 'sync_response' });
  expect(decode({ error: { code: 5, message: 'nope' } }).result).toEqual({
    kind: 'error',
    code: 5,
    message: 'nope',
  });
  expect(decode({}).result).toEqual({ kind: 'empty' });
  expect(decode({ sync_response: false }).result).toEqual({ kind: 'empty' });
});

test.each([
  [
    'truncated',
    encodeResponse({ update: { timestamp: TIME, update: [update('/a/b', { uint_val: 1 })] } }).subarray(
      0,
      12,
    ),
  ],
  ['garbage', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
  ['a length beyond the end', Buffer.from([0x0a, 0x50, 0x08])],
  [
    'a double sent as a varint',
    Buffer.from([0x0a, 0x09, 0x22, 0x07, 0x1a, 0x02, 0x70, 0x01, 0x0a, 0x01, 0x00]),
  ],
])('%s bytes throw WireError', (_name, bytes) => {
  expect(() => decoderFor(RULES)(bytes)).toThrow(WireError);
});
