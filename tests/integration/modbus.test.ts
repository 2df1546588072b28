import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, type Subscription, toArray } from 'rxjs';
import { ModbusCollector } from '../../src/collectors/modbus/collector';
import { type ModbusConfig, modbusConfigSchema } from '../../src/collectors/modbus/config';
import { DEVICE_STATUS_KIND } from '../../src/collectors/modbus/device';
import type { Sample } from '../../src/core';
import { Metrics } from '../../src/observability/metrics';
import { StatusBoard } from '../../src/observability/status';
import { freePort, type HeldValue, type ModbusDevice, startModbusDevice } from '../support/modbus-device';
import { captureLogger, metricValue } from '../support/observability';
import { logLines, runCli, startCli, waitFor } from '../support/process';

/*
 * The modbus collector against Debian's pymodbus, started here as a real
 * device (tests/simulators/modbus_device.py) on a free port of 127.0.0.1.
 */

const devices: ModbusDevice[] = [];
async function device(options: Parameters<typeof startModbusDevice>[0] = {}): Promise<ModbusDevice> {
  const started = await startModbusDevice(options);
  devices.push(started);
  return started;
}
afterAll(async () => {
  await Promise.all(devices.map((d) => d.stop()));
});

/** The field name a held value gets in the configs built here. */
function fieldOf(held: HeldValue): string {
  if (held.table !== 'holding') return `${held.table}_${held.address}`;
  if (held.type === 'bit') return `bit_${held.bit}`;
  return `${held.type}_${held.order}`;
}

function registerOf(held: HeldValue) {
  const base = { name: fieldOf(held), table: held.table, address: held.address };
  if (held.table === 'coil' || held.table === 'discrete_input') return base;
  return { ...base, type: held.type, order: held.order, bit: held.bit };
}

function config(devicesConfig: Record<string, unknown>, extra: Record<string, unknown> = {}): ModbusConfig {
  return modbusConfigSchema.parse({ type: 'modbus', devices: devicesConfig, ...extra });
}

/** A device entry with one unit (id 1). */
const unitOne = (port: number, registers: unknown[], extra: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port,
  units: [{ unit_id: 1, registers }],
  ...extra,
});
const FIRST = [{ name: 'first', address: 0, type: 'int16' }];

function harness(name: string, settings: ModbusConfig) {
  const { logger, lines } = captureLogger('info');
  const metrics = new Metrics({ processMetrics: false });
  const status = new StatusBoard();
  const collector = new ModbusCollector(name, settings, { logger, metrics, status });
  const deviceStatus = (device: string) => status.get(DEVICE_STATUS_KIND, `${name}/${device}`);
  return { collector, metrics, status, lines, deviceStatus };
}

/** Subscribes in service mode and records each sample with its arrival time. */
function record(collector: ModbusCollector) {
  const arrived: Array<{ at: number; sample: Sample }> = [];
  const subscription: Subscription = collector.samples$().subscribe((sample) => {
    arrived.push({ at: Date.now(), sample });
  });
  const of = (device: string) => arrived.filter((a) => a.sample.tags.device === device);
  return { arrived, of, stop: () => subscription.unsubscribe() };
}

const expectedValue = (held: HeldValue) =>
  held.type === 'int64' || held.type === 'uint64' ? BigInt(held.value as string) : held.value;

describe('decoding', () => {
  it('reads every type in every byte order, bits, input registers, coils and discrete inputs of two units', async () => {
    const plc = await device({ units: [1, 2] });
    const units = [1, 2].map((unit) => ({
      unit_id: unit,
      measurement: 'plc',
      tags: { line: 'a' },
      registers: plc.values.filter((v) => v.unit === unit).map(registerOf),
    }));
    const { collector, metrics, deviceStatus } = harness(
      'plant',
      config({ plc: { host: '127.0.0.1', port: plc.port, units } }),
    );

    const samples = await lastValueFrom(collector.samples$({ once: true }).pipe(toArray()));

    expect(samples.map((s) => [s.measurement, s.tags])).toEqual([
      ['plc', { line: 'a', device: 'plc', unit: '1' }],
      ['plc', { line: 'a', device: 'plc', unit: '2' }],
    ]);
    for (const held of plc.values) {
      const sample = samples.find((s) => s.tags.unit === String(held.unit))!;
      expect([held.unit, fieldOf(held), sample.fields[fieldOf(held)]]).toEqual([
        held.unit,
        fieldOf(held),
        expectedValue(held),
      ]);
    }
    expect(Object.keys(samples[0]!.fields)).toHaveLength(plc.values.filter((v) => v.unit === 1).length);
    // 113 holding registers with one-register holes fit one read; one read per other table: 4 reads per unit.
    expect(await metricValue(metrics.modbusRequests, { device: 'plc', result: 'ok' })).toBe(8);
    expect(deviceStatus('plc')).toMatchObject({
      state: 'up',
      details: { errors: [], units_unreachable: [] },
    });
  });

  it('applies scale and offset, marks counters, and pauses after connecting and between requests', async () => {
    const plc = await device({ units: [1] });
    const held = (type: string) => plc.values.find((v) => v.type === type && v.order === 'ABCD')!;
    const settings = config({
      plc: unitOne(
        plc.port,
        [
          { name: 'temperature', address: held('int16').address, type: 'int16', scale: 0.01, offset: 1 },
          { name: 'energy', address: held('uint32').address, type: 'uint32', kind: 'counter32' },
          { name: 'big', address: held('uint64').address, type: 'uint64', kind: 'counter64' },
        ],
        { pause_after_connect: '150ms', pause_between_requests: '150ms' },
      ),
    });
    const { collector, deviceStatus, metrics } = harness('plant', settings);
    const [sample] = await lastValueFrom(collector.samples$({ once: true }).pipe(toArray()));
    // Three reads (the values lie more than max_gap apart), so three pauses in all.
    expect(await metricValue(metrics.modbusRequests, { device: 'plc', result: 'ok' })).toBe(3);
    expect(deviceStatus('plc')!.details!.last_poll_duration_ms).toBeGreaterThanOrEqual(450);
    expect(sample!.measurement).toBe('modbus');
    expect(sample!.fields.temperature).toBeCloseTo(-12345 * 0.01 + 1, 10);
    expect(sample!.fields).toMatchObject({ energy: 3_000_000_000, big: 18_000_000_000_000_000_001n });
    expect(sample!.kinds).toEqual({ energy: 'counter32', big: 'counter64' });
  });
});

describe('faults', () => {
  it('an illegal address fails only its register, with a clear error, in every poll', async () => {
    const plc = await device({ units: [1] });
    const settings = config(
      {
        plc: unitOne(plc.port, [
          { name: 'last_good', address: 198, type: 'uint16' },
          { name: 'past_the_end', address: 199, type: 'uint32' }, // 199..200, the block ends at 199
          { name: 'first', address: 0, type: 'int16' },
        ]),
      },
      { interval: '200ms' },
    );
    const { collector, metrics, deviceStatus } = harness('plant', settings);
    const run = record(collector);
    try {
      await waitFor(async () => (run.arrived.length >= 3 ? true : undefined), 10_000, 'three polls');
    } finally {
      run.stop();
    }
    for (const { sample } of run.arrived) expect(sample.fields).toEqual({ last_good: 0, first: -12345 });
    expect(deviceStatus('plc')).toMatchObject({
      state: 'degraded',
      lastError: 'unit 1 past_the_end: illegal data address (exception 2) reading holding 199..200 of unit 1',
    });
    const errors = await metricValue(metrics.modbusRegisterErrors, {
      device: 'plc',
      reason: 'illegal_data_address',
    });
    expect(errors).toBeGreaterThanOrEqual(3);
    // Only the first poll tried the merged read (198..200); then the refused register was read alone.
    expect(await metricValue(metrics.modbusRequests, { device: 'plc', result: 'exception' })).toBe(
      errors + 1,
    );
  });

  it('a device refusing connections is down, the others unaffected, and it recovers when it starts', async () => {
    const up = await device({ units: [1] });
    const laterPort = await freePort();
    const settings = config(
      { up: unitOne(up.port, FIRST), later: unitOne(laterPort, FIRST, { timeout: '1s' }) },
      { interval: '200ms', backoff: { initial: '100ms', max: '400ms' } },
    );
    const { collector, metrics, deviceStatus } = harness('plant', settings);
    const run = record(collector);
    try {
      await waitFor(
        async () => (run.of('up').length >= 5 ? true : undefined),
        10_000,
        'samples of the live device',
      );
      expect(run.of('later')).toEqual([]);
      expect(deviceStatus('later')).toMatchObject({ state: 'down' });
      expect(deviceStatus('later')!.lastError).toMatch(/cannot connect to 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
      expect(await metricValue(metrics.modbusDeviceUp, { device: 'later' })).toBe(0);
      expect(await metricValue(metrics.modbusDeviceUp, { device: 'up' })).toBe(1);

      await device({ port: laterPort, units: [1] });
      await waitFor(async () => (run.of('later').length > 0 ? true : undefined), 10_000, 'the late device');
      expect(deviceStatus('later')).toMatchObject({ state: 'up' });
      expect(
        await metricValue(metrics.modbusRequests, { device: 'later', result: 'connect_failed' }),
      ).toBeGreaterThan(0);
    } finally {
      run.stop();
    }
    expect(longestGap(run.of('up').map((a) => a.at))).toBeLessThan(1_000);
  });

  it('a slow device times out and skips overrunning polls; another device keeps its schedule', async () => {
    const slow = await device({ units: [1], delay: 1.5 });
    const fast = await device({ units: [1] });
    const settings = config(
      {
        slow: unitOne(slow.port, FIRST, { timeout: '500ms' }),
        fast: unitOne(fast.port, FIRST, { timeout: '500ms' }),
      },
      { interval: '200ms' },
    );
    const { collector, metrics, deviceStatus } = harness('plant', settings);
    const run = record(collector);
    const started = Date.now();
    try {
      await waitFor(
        async () => ((deviceStatus('slow')?.details?.polls_skipped as number) > 0 ? true : undefined),
        10_000,
        'a skipped poll of the slow device',
      );
      await waitFor(async () => (Date.now() - started > 2_000 ? true : undefined), 5_000, 'two seconds');
    } finally {
      run.stop();
    }
    expect(run.of('slow')).toEqual([]);
    // No unit answered, so the device counts as down and is reconnected at the next poll.
    expect(deviceStatus('slow')).toMatchObject({ state: 'down' });
    expect(deviceStatus('slow')!.lastError).toMatch(/no answer within 500 ms/);
    expect(await metricValue(metrics.modbusRequests, { device: 'slow', result: 'timeout' })).toBeGreaterThan(
      0,
    );
    expect(await metricValue(metrics.modbusPollsSkipped, { device: 'fast' })).toBe(0);
    const fastArrivals = run.of('fast').map((a) => a.at);
    expect(fastArrivals.length).toBeGreaterThanOrEqual(8);
    expect(longestGap(fastArrivals)).toBeLessThan(1_000); // the slow device answers after 1.5 s
  });

  it('a unit that never answers does not hold back the other units behind the same gateway', async () => {
    const gateway = await device({ units: [1] });
    const settings = config(
      {
        gateway: {
          host: '127.0.0.1',
          port: gateway.port,
          timeout: '800ms',
          units: [
            { unit_id: 9, registers: FIRST },
            { unit_id: 1, registers: FIRST },
          ],
        },
      },
      { interval: '1s' },
    );
    const { collector, deviceStatus } = harness('plant', settings);
    const run = record(collector);
    try {
      await waitFor(async () => (run.arrived.length >= 3 ? true : undefined), 10_000, 'three polls');
    } finally {
      run.stop();
    }
    expect(run.arrived.map((a) => a.sample.tags.unit)).toEqual(['1', '1', '1']);
    expect(deviceStatus('gateway')).toMatchObject({
      state: 'degraded',
      details: { units_unreachable: ['9'] },
    });
    // The first poll asked unit 9 first and waited out its timeout; from the second poll on the
    // dead unit is read last, so unit 1 arrives right after the poll starts, not a timeout later.
    const [first, second, third] = run.arrived.map((a) => a.at - a.sample.time);
    expect(first).toBeGreaterThanOrEqual(800);
    expect(second).toBeLessThan(800);
    expect(third).toBeLessThan(800);
  });
});

describe('examples/modbus.yaml', () => {
  it('noctua run --once prints the values the device holds', async () => {
    const plc = await device({ units: [1, 2] });
    const dir = mkdtempSync(join(tmpdir(), 'noctua-modbus-'));
    try {
      const example = readFileSync(join(__dirname, '..', '..', 'examples', 'modbus.yaml'), 'utf8');
      const path = join(dir, 'modbus.yaml');
      writeFileSync(path, example.replace(/port: 5020\b/g, `port: ${plc.port}`));
      const { code, stdout, stderr } = await runCli(['run', '-c', path, '--once']);
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Sample);
      const fields = Object.fromEntries(lines.map((s) => [`${s.measurement}/${s.tags.unit}`, s.fields]));
      expect(fields).toEqual({
        'meter/main': {
          temperature: -123.45,
          power: 23.5,
          energy: '18000000000000000001',
          frequency: 54321,
          flow: 101,
          alarm: true,
          running: true,
        },
        'meter/aux': {
          temperature: 2024 * 0.01, // as the collector computes it: 20.240000000000002
          power: -0.15625,
          energy: '42',
          frequency: 65535,
          flow: 102,
          alarm: true,
          running: true,
        },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('noctua run --once with a device that refuses connections', () => {
  it('prints the samples of the others and exits 1, naming the device', async () => {
    const plc = await device({ units: [1] });
    const dir = mkdtempSync(join(tmpdir(), 'noctua-modbus-'));
    try {
      const path = join(dir, 'modbus.yaml');
      const devicesConfig = { up: unitOne(plc.port, FIRST), gone: unitOne(await freePort(), FIRST) };
      writeFileSync(
        path,
        JSON.stringify({ collectors: { plant: { type: 'modbus', devices: devicesConfig } } }),
      );
      const { code, stdout, stderr } = await runCli(['run', '-c', path, '--once']);
      expect(code).toBe(1);
      expect(
        stdout
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as Sample).tags.device),
      ).toEqual(['up']);
      expect(stderr).toMatch(/unreachable: gone: cannot connect to 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('noctua run (service)', () => {
  it('shows each device on /api/status and in /metrics, and stops cleanly on SIGTERM', async () => {
    const plc = await device({ units: [1] });
    const dir = mkdtempSync(join(tmpdir(), 'noctua-modbus-'));
    const path = join(dir, 'noctua.yaml');
    const devicesConfig = { up: unitOne(plc.port, FIRST), gone: unitOne(await freePort(), FIRST) };
    const collectors = { plant: { type: 'modbus', interval: '200ms', devices: devicesConfig } };
    writeFileSync(path, JSON.stringify({ service: { http: { listen: '127.0.0.1:0' } }, collectors }));
    const service = startCli(['run', '-c', path]);
    try {
      const port = await waitFor(
        async () => {
          const line = logLines(service.stderr()).find((l) => l.msg === 'http server listening');
          return line ? Number(String(line.address).split(':').pop()) : undefined;
        },
        15_000,
        'the http server',
      );
      const base = `http://127.0.0.1:${port}`;
      type Component = { kind: string; name: string; state: string; last_error: string | null };
      const devicesShown = await waitFor(
        async () => {
          const { components } = (await (await fetch(`${base}/api/status`)).json()) as {
            components: Component[];
          };
          const shown = components.filter((c) => c.kind === 'modbus_device');
          return shown.length === 2 ? shown : undefined;
        },
        10_000,
        'both devices on /api/status',
      );
      expect(devicesShown).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'plant/up', state: 'up', last_error: null }),
          expect.objectContaining({
            name: 'plant/gone',
            state: 'down',
            last_error: expect.stringMatching(/^cannot connect to 127\.0\.0\.1:\d+: .*ECONNREFUSED/),
          }),
        ]),
      );
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('noctua_modbus_device_up{collector="plant",device="up"} 1');
      expect(metrics).toContain('noctua_modbus_device_up{collector="plant",device="gone"} 0');
      expect(metrics).toMatch(/noctua_modbus_last_poll_duration_seconds\{collector="plant",device="up"\} \d/);
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
    } finally {
      service.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function longestGap(times: number[]): number {
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  return longest;
}
