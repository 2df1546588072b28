import Long from 'long';
import {
  RowState,
  type Telemetry,
  type TelemetryField,
  telemetrySamples,
} from '../../../../src/collectors/mdt/telemetry';
import type { Sample } from '../../../../src/core';

const contextOf = () => ({
  collector: 'xr',
  aliases: { 'a:b/c': 'counters' },
  now: () => 99,
  rows: new RowState(),
});

function run(telemetry: Telemetry, context = contextOf()) {
  const samples: Sample[] = [];
  const problem = telemetrySamples(telemetry, context, (s) => samples.push(s));
  return { samples, problem };
}

const leaf = (name: string, value: Partial<TelemetryField>): TelemetryField => ({ name, ...value });

test('rows: keys to tags, content leaves (nested too) to fields, every value type', () => {
  const { samples, problem } = run({
    node_id_str: 'r1',
    subscription_id_str: 'sub',
    encoding_path: 'a:b/c',
    msg_timestamp: Long.fromNumber(1000, true),
    data_gpbkv: [
      {
        timestamp: Long.fromNumber(2000, true),
        fields: [
          {
            name: 'keys',
            fields: [
              leaf('if', { value_by_type: 'string_value', string_value: 'Gi0' }),
              leaf('unit', { value_by_type: 'uint32_value', uint32_value: 0 }),
            ],
          },
          {
            name: 'content',
            fields: [
              leaf('u64', {
                value_by_type: 'uint64_value',
                uint64_value: Long.fromString('18446744073709551615', true),
              }),
              leaf('s64', { value_by_type: 'sint64_value', sint64_value: Long.fromNumber(-5) }),
              leaf('s32', { value_by_type: 'sint32_value', sint32_value: -3 }),
              leaf('d', { value_by_type: 'double_value', double_value: 0.5 }),
              leaf('f', { value_by_type: 'float_value', float_value: 0.25 }),
              leaf('b', { value_by_type: 'bool_value', bool_value: true }),
              leaf('bytes', { value_by_type: 'bytes_value', bytes_value: Buffer.from('hi') }),
              { name: 'rates', fields: [leaf('in', { value_by_type: 'uint32_value', uint32_value: 7 })] },
            ],
          },
        ],
      },
      {
        fields: [
          { name: 'content', fields: [leaf('x', { value_by_type: 'uint32_value', uint32_value: 1 })] },
        ],
      },
    ],
  });
  expect(problem).toBeUndefined();
  expect(samples).toEqual([
    {
      measurement: 'counters',
      tags: { source: 'r1', subscription: 'sub', if: 'Gi0', unit: '0' },
      fields: {
        u64: 18446744073709551615n,
        s64: -5,
        s32: -3,
        d: 0.5,
        f: 0.25,
        b: true,
        bytes: 'aGk=',
        'rates/in': 7,
      },
      time: 2000,
      source: 'xr',
    },
    {
      measurement: 'counters',
      tags: { source: 'r1', subscription: 'sub' },
      fields: { x: 1 },
      time: 1000,
      source: 'xr',
    },
  ]);
});

test.each<[string, string, Telemetry]>([
  ['compact GPB', 'compact_gpb_unsupported', { encoding_path: 'p', data_gpb: { row: [{}] } }],
  ['nothing', 'no_data', { encoding_path: 'p' }],
  [
    'a row without content',
    'row_without_content',
    { encoding_path: 'p', data_gpbkv: [{ fields: [{ name: 'keys', fields: [] }] }] },
  ],
])('%s is reported as %s', (_name, expected, telemetry) => {
  const { samples, problem } = run(telemetry);
  expect(problem).toBe(expected);
  expect(samples).toEqual([]);
});

test('a stream reuses one tags object per tag set, so the pipeline caches its series', () => {
  const context = contextOf();
  const message = (ifName: string, value: number): Telemetry => ({
    node_id_str: 'r1',
    encoding_path: 'a:b/c',
    data_gpbkv: [
      {
        fields: [
          { name: 'keys', fields: [leaf('if', { value_by_type: 'string_value', string_value: ifName })] },
          {
            name: 'content',
            fields: [
              leaf('in', { value_by_type: 'uint32_value', uint32_value: value }),
              leaf('out', { value_by_type: 'uint32_value', uint32_value: value + 1 }),
            ],
          },
        ],
      },
    ],
  });
  const [first, second, third] = [1, 2, 3].map((v) => run(message('Gi0', v), context).samples[0]!);
  const other = run(message('Gi1', 4), context).samples[0]!;
  expect(second!.tags).toBe(first!.tags);
  expect(third!.tags).toBe(first!.tags);
  expect(other.tags).not.toBe(first!.tags);
  expect(other.tags).toEqual({ source: 'r1', subscription: '', if: 'Gi1' });
  expect([first, second, third, other].map((s) => s!.fields)).toEqual([
    { in: 1, out: 2 },
    { in: 2, out: 3 },
    { in: 3, out: 4 },
    { in: 4, out: 5 },
  ]);
  // Another stream has tags objects of its own.
  expect(run(message('Gi0', 1)).samples[0]!.tags).not.toBe(first!.tags);
});

test('without alias the encoding path is the measurement; without times the receive time is used', () => {
  const { samples } = run({
    encoding_path: 'x:y',
    data_gpbkv: [
      {
        fields: [
          { name: 'content', fields: [leaf('v', { value_by_type: 'bool_value', bool_value: false })] },
        ],
      },
    ],
  });
  expect(samples[0]).toMatchObject({ measurement: 'x:y', time: 99, tags: { source: '', subscription: '' } });
});

test('a tree nested deeper than the stack throws (the server counts it as malformed) instead of hanging', () => {
  let leafField: TelemetryField = leaf('v', { value_by_type: 'uint32_value', uint32_value: 1 });
  for (let i = 0; i < 100_000; i++) leafField = { name: `n${i % 10}`, fields: [leafField] };
  expect(() =>
    run({ encoding_path: 'p', data_gpbkv: [{ fields: [{ name: 'content', fields: [leafField] }] }] }),
  ).toThrow(RangeError);
});
