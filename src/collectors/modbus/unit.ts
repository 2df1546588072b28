import type { FieldKind, FieldValue, Sample, Tags } from '../../core';
import type { ModbusDeviceConfig, ModbusRegisterConfig, ModbusUnitConfig } from './config';
import { type ByteOrder, decodeRegisters, REGISTER_COUNT, type RegisterType, scaleValue } from './decode';
import { isBitTable, type PlanLimits, type PlannedRead, planReads, type Table } from './plan';

/** One configured value, ready to plan and decode. */
export interface UnitRegister {
  readonly id: number;
  readonly field: string;
  readonly measurement: string;
  readonly table: Table;
  readonly address: number;
  /** Registers or bits. */
  readonly count: number;
  readonly type: RegisterType;
  readonly order: ByteOrder;
  readonly bit: number;
  readonly scale: number;
  readonly offset: number;
  readonly kind: FieldKind;
}

interface Series {
  readonly tags: Tags;
  readonly kinds: Readonly<Record<string, FieldKind>> | undefined;
}

/**
 * One unit (slave id) of a device: its registers, its read plan and the tags
 * of its samples, built once from config. Pure: reading is the poller's job.
 */
export class ModbusUnit {
  readonly id: number;
  readonly label: string;
  readonly registers: readonly UnitRegister[];
  /** Registers the device refused inside a merged read: they are read alone from then on. */
  private readonly solo = new Set<number>();
  private plan: PlannedRead[];
  private readonly series = new Map<string, Series>();

  constructor(
    deviceName: string,
    device: ModbusDeviceConfig,
    unit: ModbusUnitConfig,
    private readonly limits: PlanLimits,
  ) {
    this.id = unit.unit_id;
    this.label = unit.name ?? String(unit.unit_id);
    this.registers = unit.registers.map((register, id) => compileRegister(register, id, unit.measurement));
    for (const measurement of new Set(this.registers.map((r) => r.measurement))) {
      const kinds = Object.fromEntries(
        this.registers
          .filter((r) => r.measurement === measurement && r.kind !== 'gauge')
          .map((r) => [r.field, r.kind]),
      );
      this.series.set(measurement, {
        tags: { ...device.tags, ...unit.tags, device: deviceName, unit: this.label },
        kinds: Object.keys(kinds).length > 0 ? kinds : undefined,
      });
    }
    this.plan = planReads(this.registers, limits);
  }

  get reads(): readonly PlannedRead[] {
    return this.plan;
  }

  /** Reads these registers alone from the next plan on; false when they already were. */
  isolate(ids: readonly number[]): boolean {
    const fresh = ids.filter((id) => !this.solo.has(id));
    for (const id of fresh) this.solo.add(id);
    if (fresh.length > 0) this.plan = planReads(this.registers, this.limits, this.solo);
    return fresh.length > 0;
  }

  /** These registers were read fine: they may join merged reads again (only refused ones stay alone). */
  readable(ids: readonly number[]): void {
    const released = ids.filter((id) => this.solo.delete(id));
    if (released.length > 0) this.plan = planReads(this.registers, this.limits, this.solo);
  }

  /** Decodes one register's value from the answer to `read` (wire bytes of registers, or bits). */
  decode(register: UnitRegister, read: PlannedRead, answer: Buffer | readonly boolean[]): FieldValue {
    const start = register.address - read.address;
    if (Array.isArray(answer)) {
      const bit = answer[start];
      if (bit === undefined) throw new RangeError(`short answer: no bit ${register.address}`);
      return bit;
    }
    const bytes = (answer as Buffer).subarray(start * 2, (start + register.count) * 2);
    if (bytes.length !== register.count * 2)
      throw new RangeError(`short answer: no register ${register.address}`);
    return scaleValue(
      decodeRegisters(bytes, register.type, register.order, register.bit),
      register.scale,
      register.offset,
    );
  }

  /** One sample per measurement from the values read in a poll. */
  samples(values: ReadonlyMap<number, FieldValue>, time: number, source: string): Sample[] {
    const fields = new Map<string, Record<string, FieldValue>>();
    for (const [id, value] of values) {
      const register = this.registers[id]!;
      const record = fields.get(register.measurement) ?? {};
      record[register.field] = value;
      fields.set(register.measurement, record);
    }
    return [...fields].map(([measurement, record]) => {
      const series = this.series.get(measurement)!;
      const sample: Sample = { measurement, tags: series.tags, fields: record, time, source };
      return series.kinds === undefined ? sample : { ...sample, kinds: series.kinds };
    });
  }
}

function compileRegister(register: ModbusRegisterConfig, id: number, measurement: string): UnitRegister {
  const bits = isBitTable(register.table);
  return {
    id,
    field: register.name,
    measurement: register.measurement ?? measurement,
    table: register.table,
    address: register.address,
    count: bits ? 1 : REGISTER_COUNT[register.type],
    type: register.type,
    order: register.order,
    bit: register.bit ?? 0,
    scale: register.scale,
    offset: register.offset,
    kind: register.kind,
  };
}
