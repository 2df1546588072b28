import { z } from 'zod';
import { duration, objectName, positiveDuration } from '../../config/units';
import { isolationShape } from '../common';
import { BYTE_ORDERS, REGISTER_COUNT, REGISTER_TYPES } from './decode';
import { isBitTable, PROTOCOL_LIMITS, TABLES } from './plan';

/** Tags the collector sets itself. */
const RESERVED_TAGS = ['device', 'unit'];

const tagsSchema = z.record(z.string().min(1), z.string()).default({});

const registerSchema = z.strictObject({
  name: z.string().min(1).describe('Field name of the value.'),
  table: z
    .enum(TABLES)
    .default('holding')
    .describe('holding or input registers, coil or discrete_input bits (read as booleans).'),
  address: z
    .number()
    .int()
    .min(0)
    .max(65_535)
    .describe('Address as sent on the wire (0-based, PDU address).'),
  type: z
    .enum(REGISTER_TYPES)
    .default('uint16')
    .describe(
      'Value type of register tables; 64-bit integers are bigints unless scaled; bit is one bit of a 16-bit register. Ignored for coils and discrete inputs.',
    ),
  order: z
    .enum(BYTE_ORDERS)
    .default('ABCD')
    .describe(
      'Byte order of multi-byte values: ABCD big-endian, DCBA little-endian, BADC bytes swapped in each register, CDAB registers swapped.',
    ),
  bit: z
    .number()
    .int()
    .min(0)
    .max(15)
    .optional()
    .describe('Bit of the register for type bit (0 = least significant).'),
  scale: z.number().default(1).describe('Factor applied to the raw value (value × scale + offset).'),
  offset: z.number().default(0).describe('Added after scaling; scaled values are floats.'),
  kind: z
    .enum(['gauge', 'counter', 'counter32', 'counter64'])
    .default('gauge')
    .describe(
      'gauge, or a counter that the pipeline turns into a rate: counter32/counter64 wrap at 2^32/2^64, a plain counter never wraps.',
    ),
  measurement: z.string().min(1).optional().describe("Measurement of this value; the unit's when absent."),
});

const unitSchema = z.strictObject({
  unit_id: z.number().int().min(0).max(255).describe('Modbus unit (slave) id.'),
  name: z.string().min(1).optional().describe('Value of the `unit` tag; the unit id when absent.'),
  measurement: z.string().min(1).default('modbus').describe('Measurement of the samples.'),
  tags: tagsSchema.describe('Extra tags of this unit.'),
  registers: z.array(registerSchema).min(1).describe('Values to read.'),
});

const deviceSchema = z.strictObject({
  host: z.string().min(1).describe('Host name or address of the device or gateway.'),
  port: z.number().int().min(1).max(65_535).default(502).describe('Modbus/TCP port.'),
  timeout: positiveDuration().default(2_000).describe('Time limit for connecting and for each request.'),
  pause_after_connect: duration()
    .default(0)
    .describe('Wait this long after connecting before the first request (some devices need it).'),
  pause_between_requests: duration().default(0).describe('Wait this long between two requests.'),
  max_gap: z
    .number()
    .int()
    .min(0)
    .default(16)
    .describe(
      'Unrequested registers (or bits) a read may span to merge two neighbouring values into one read.',
    ),
  max_registers_per_read: z
    .number()
    .int()
    .min(1)
    .max(PROTOCOL_LIMITS.maxRegisters)
    .default(PROTOCOL_LIMITS.maxRegisters)
    .describe('Largest register read.'),
  max_bits_per_read: z
    .number()
    .int()
    .min(1)
    .max(PROTOCOL_LIMITS.maxBits)
    .default(PROTOCOL_LIMITS.maxBits)
    .describe('Largest coil or discrete-input read.'),
  tags: tagsSchema.describe('Extra tags of every sample of this device; `device` is set to its name.'),
  units: z.array(unitSchema).min(1).describe('Units (slave ids) to poll through this connection.'),
});

export const modbusConfigSchema = z
  .strictObject({
    type: z.literal('modbus'),
    interval: positiveDuration()
      .default(10_000)
      .describe('Time between polls; a poll still running when the next is due makes that one skipped.'),
    devices: z
      .record(objectName, deviceSchema)
      .refine((devices) => Object.keys(devices).length > 0, 'at least one device is needed')
      .describe('Modbus/TCP devices (or gateways) by name; each has its own connection.'),
    ...isolationShape,
  })
  .superRefine((config, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.issues.push({ code: 'custom', input: undefined, path, message });
    if (config.inactivity_timeout > 0 && config.inactivity_timeout <= config.interval) {
      issue(
        ['inactivity_timeout'],
        'must be longer than `interval`, or every quiet interval restarts the collector',
      );
    }
    for (const [deviceName, device] of Object.entries(config.devices)) {
      const at = ['devices', deviceName];
      for (const tag of Object.keys(device.tags)) {
        if (RESERVED_TAGS.includes(tag))
          issue([...at, 'tags', tag], `the \`${tag}\` tag is set by the collector`);
      }
      const unitIds = new Set<number>();
      device.units.forEach((unit, u) => {
        if (unitIds.has(unit.unit_id))
          issue([...at, 'units', u, 'unit_id'], `unit ${unit.unit_id} appears twice`);
        unitIds.add(unit.unit_id);
        for (const tag of Object.keys(unit.tags)) {
          if (RESERVED_TAGS.includes(tag)) {
            issue([...at, 'units', u, 'tags', tag], `the \`${tag}\` tag is set by the collector`);
          }
        }
        const fields = new Set<string>();
        unit.registers.forEach((register, r) => {
          const path = [...at, 'units', u, 'registers', r];
          const key = `${register.measurement ?? unit.measurement}\u0000${register.name}`;
          if (fields.has(key))
            issue([...path, 'name'], `field "${register.name}" appears twice in one measurement`);
          fields.add(key);
          if (register.type === 'bit' && register.bit === undefined)
            issue([...path, 'bit'], 'type bit needs `bit`');
          if (register.type !== 'bit' && register.bit !== undefined)
            issue([...path, 'bit'], '`bit` needs type bit');
          if (isBitTable(register.table)) {
            if (register.kind !== 'gauge')
              issue([...path, 'kind'], `a ${register.table} is a boolean, not a counter`);
          } else if (register.address + REGISTER_COUNT[register.type] > 65_536) {
            issue([...path, 'address'], `a ${register.type} at ${register.address} runs past register 65535`);
          }
        });
      });
    }
  })
  .describe('Polls Modbus/TCP devices: registers, coils and discrete inputs, decoded and scaled.');

export type ModbusConfig = z.output<typeof modbusConfigSchema>;
export type ModbusDeviceConfig = z.output<typeof deviceSchema>;
export type ModbusUnitConfig = z.output<typeof unitSchema>;
export type ModbusRegisterConfig = z.output<typeof registerSchema>;
