import { modbusConfigSchema } from '../../../../src/collectors/modbus/config';
import { ModbusUnit } from '../../../../src/collectors/modbus/unit';

const unit = (registers: unknown[], extra: Record<string, unknown> = {}) => ({
  unit_id: 1,
  registers,
  ...extra,
});
const withUnits = (
  units: unknown[],
  device: Record<string, unknown> = {},
  top: Record<string, unknown> = {},
) => ({
  type: 'modbus',
  devices: { meter: { host: '127.0.0.1', units, ...device } },
  ...top,
});

function issues(input: unknown): string[] {
  return (
    modbusConfigSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? []
  );
}

test('a minimal config gets the documented defaults', () => {
  const config = modbusConfigSchema.parse(withUnits([unit([{ name: 'v', address: 0 }])]));
  expect(config.interval).toBe(10_000);
  expect(config.devices.meter).toMatchObject({
    port: 502,
    timeout: 2_000,
    max_gap: 16,
    max_registers_per_read: 125,
  });
  expect(config.devices.meter!.units[0]!.registers[0]).toEqual({
    name: 'v',
    table: 'holding',
    address: 0,
    type: 'uint16',
    order: 'ABCD',
    scale: 1,
    offset: 0,
    kind: 'gauge',
  });
});

test.each<[string, unknown, string[]]>([
  [
    'bit without `bit`',
    withUnits([unit([{ name: 'b', address: 0, type: 'bit' }])]),
    ['devices.meter.units.0.registers.0.bit: type bit needs `bit`'],
  ],
  [
    '`bit` without type bit',
    withUnits([unit([{ name: 'b', address: 0, bit: 2 }])]),
    ['devices.meter.units.0.registers.0.bit: `bit` needs type bit'],
  ],
  [
    'a value past register 65535',
    withUnits([unit([{ name: 'f', address: 65_535, type: 'float32' }])]),
    ['devices.meter.units.0.registers.0.address: a float32 at 65535 runs past register 65535'],
  ],
  [
    'a counting coil',
    withUnits([unit([{ name: 'c', table: 'coil', address: 0, kind: 'counter' }])]),
    ['devices.meter.units.0.registers.0.kind: a coil is a boolean, not a counter'],
  ],
  [
    'a repeated field',
    withUnits([
      unit([
        { name: 'v', address: 0 },
        { name: 'v', address: 1 },
      ]),
    ]),
    ['devices.meter.units.0.registers.1.name: field "v" appears twice in one measurement'],
  ],
  [
    'a repeated unit',
    withUnits([unit([{ name: 'v', address: 0 }]), unit([{ name: 'v', address: 0 }])]),
    ['devices.meter.units.1.unit_id: unit 1 appears twice'],
  ],
  [
    'a reserved tag',
    withUnits([unit([{ name: 'v', address: 0 }], { tags: { unit: 'x' } })], { tags: { device: 'y' } }),
    [
      'devices.meter.tags.device: the `device` tag is set by the collector',
      'devices.meter.units.0.tags.unit: the `unit` tag is set by the collector',
    ],
  ],
  [
    'more than 125 registers per read',
    withUnits([unit([{ name: 'v', address: 0 }])], { max_registers_per_read: 126 }),
    ['devices.meter.max_registers_per_read: Too big: expected number to be <=125'],
  ],
  [
    'an unknown byte order',
    withUnits([unit([{ name: 'v', address: 0, order: 'BACD' }])]),
    ['devices.meter.units.0.registers.0.order: Invalid option: expected one of "ABCD"|"DCBA"|"BADC"|"CDAB"'],
  ],
  [
    'an inactivity timeout shorter than the interval',
    withUnits([unit([{ name: 'v', address: 0 }])], {}, { interval: '2m' }),
    ['inactivity_timeout: must be longer than `interval`, or every quiet interval restarts the collector'],
  ],
  ['no device', { type: 'modbus', devices: {} }, ['devices: at least one device is needed']],
])('refuses %s, naming the key', (_what, input, expected) => {
  expect(issues(input)).toEqual(expected);
});

test('a unit builds its read plan, tags and counter kinds once', () => {
  const config = modbusConfigSchema.parse(
    withUnits(
      [
        unit(
          [
            { name: 'a', address: 0, type: 'float32' },
            { name: 'b', address: 2, type: 'uint32', kind: 'counter32' },
            { name: 'c', address: 100, measurement: 'other' },
            { name: 'd', table: 'coil', address: 3 },
          ],
          { name: 'main', tags: { feeder: 'f1' } },
        ),
      ],
      { tags: { site: 's1' }, max_gap: 0 },
    ),
  );
  const model = new ModbusUnit('meter', config.devices.meter!, config.devices.meter!.units[0]!, {
    maxGap: 0,
    maxRegisters: 125,
    maxBits: 2000,
  });
  expect(model.reads.map((r) => [r.table, r.address, r.count])).toEqual([
    ['holding', 0, 4],
    ['holding', 100, 1],
    ['coil', 3, 1],
  ]);
  const samples = model.samples(
    new Map<number, number | boolean>([
      [0, 1.5],
      [1, 7],
      [2, 3],
      [3, true],
    ]),
    1_000,
    'plant',
  );
  const tags = { site: 's1', feeder: 'f1', device: 'meter', unit: 'main' };
  expect(samples).toEqual([
    {
      measurement: 'modbus',
      tags,
      fields: { a: 1.5, b: 7, d: true },
      time: 1_000,
      source: 'plant',
      kinds: { b: 'counter32' },
    },
    { measurement: 'other', tags, fields: { c: 3 }, time: 1_000, source: 'plant' },
  ]);
  // The same tags object at every poll: series keys are cached per tags object.
  expect(model.samples(new Map([[0, 2]]), 2_000, 'plant')[0]!.tags).toBe(samples[0]!.tags);
});
