/*
 * npm run bench:modbus — the modbus collector's device poller against a real
 * pymodbus device (tests/simulators/modbus_device.py, started here on a free
 * port): BENCH_POLLS polls (default 300) of units 1 and 2 with every value the
 * device holds, once with neighbouring values merged (max_gap 16) and once
 * without merging (max_gap 0, only touching values share a read). Prints
 * polls/s, reads/s, registers or bits/s and values/s.
 */
import { type ModbusDeviceConfig, modbusConfigSchema } from '../../src/collectors/modbus/config';
import { ModbusDevicePoller } from '../../src/collectors/modbus/device';
import { ModbusUnit } from '../../src/collectors/modbus/unit';
import { createLogger } from '../../src/observability/logger';
import { Metrics } from '../../src/observability/metrics';
import { StatusBoard } from '../../src/observability/status';
import { type HeldValue, startModbusDevice } from '../../tests/support/modbus-device';

const POLLS = Number(process.env.BENCH_POLLS ?? 300);

function register(held: HeldValue, index: number) {
  const base = { name: `v${index}`, table: held.table, address: held.address };
  if (held.table === 'coil' || held.table === 'discrete_input') return base;
  return { ...base, type: held.type, order: held.order, bit: held.bit };
}

async function run(port: number, values: HeldValue[], maxGap: number): Promise<void> {
  const config = modbusConfigSchema.parse({
    type: 'modbus',
    devices: {
      bench: {
        host: '127.0.0.1',
        port,
        max_gap: maxGap,
        units: [1, 2].map((unit) => ({
          unit_id: unit,
          registers: values.filter((v) => v.unit === unit).map(register),
        })),
      },
    },
  });
  const metrics = new Metrics({ processMetrics: false });
  const poller = new ModbusDevicePoller('bench', 'bench', config.devices.bench!, {
    logger: createLogger({ level: 'silent' }),
    metrics,
    status: new StatusBoard(),
    now: Date.now,
    backoff: config.backoff,
  });
  let fields = 0;
  const count = (sample: { fields: object }) => {
    fields += Object.keys(sample.fields).length;
  };
  await poller.poll(count); // connect and warm up
  fields = 0;
  const reads = (await metrics.modbusRequests.get()).values.find((v) => v.labels.result === 'ok')?.value ?? 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < POLLS; i++) {
    const outcome = await poller.poll(count);
    if (outcome !== 'up') throw new Error(`poll ${i}: ${outcome}: ${poller.lastProblem}`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  poller.stop();
  const readsDone =
    ((await metrics.modbusRequests.get()).values.find((v) => v.labels.result === 'ok')?.value ?? 0) - reads;
  const readsPerPoll = readsDone / POLLS;
  const transferred = transferSizes(config.devices.bench!).reduce((sum, n) => sum + n, 0);
  console.log(
    `max_gap ${String(maxGap).padStart(2)}: ${POLLS} polls in ${seconds.toFixed(2)} s: ` +
      `${(POLLS / seconds).toFixed(0)} polls/s, ${readsPerPoll} reads/poll, ${(readsDone / seconds).toFixed(0)} reads/s, ` +
      `${((transferred * POLLS) / seconds).toFixed(0)} registers+bits/s, ${(fields / seconds).toFixed(0)} values/s`,
  );
}

/** Registers or bits each read of a poll transfers, from the device's plan. */
function transferSizes(device: ModbusDeviceConfig): number[] {
  const limits = {
    maxGap: device.max_gap,
    maxRegisters: device.max_registers_per_read,
    maxBits: device.max_bits_per_read,
  };
  return device.units.flatMap((unit) =>
    new ModbusUnit('bench', device, unit, limits).reads.map((r) => r.count),
  );
}

async function main(): Promise<void> {
  const device = await startModbusDevice({ units: [1, 2] });
  try {
    console.log(`pymodbus device on 127.0.0.1:${device.port}, ${device.values.length} values on 2 units`);
    await run(device.port, device.values, 16);
    await run(device.port, device.values, 0);
  } finally {
    await device.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
