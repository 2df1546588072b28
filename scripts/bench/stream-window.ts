import { loadavg } from 'node:os';

/** What a streaming benchmark counted over its measuring window, and the CPU this process used. */
export interface StreamWindow {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly counted: number;
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Waits `warmupSeconds` (JIT, caches, the peer getting up to speed), then
 * measures over `seconds` how much `count()` grew and the CPU of this whole
 * process: user + system of every thread, garbage collection and gRPC
 * included.
 */
export async function measureWindow(
  count: () => number | Promise<number>,
  warmupSeconds: number,
  seconds: number,
): Promise<StreamWindow> {
  await sleep(warmupSeconds);
  const start = await count();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await sleep(seconds);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { seconds: elapsed, cpuSeconds: (used.user + used.system) / 1e6, counted: (await count()) - start };
}

/** One result line: the rate per second, the cores used, and the rate per CPU-second. */
export function windowLine(label: string, unit: string, window: StreamWindow, extra = ''): string {
  const { seconds, cpuSeconds, counted } = window;
  return [
    label.padEnd(34),
    `${Math.round(counted / seconds).toLocaleString('en')} ${unit}/s`.padEnd(22),
    `cpu=${(cpuSeconds / seconds).toFixed(2)} cores`.padEnd(16),
    `${Math.round(counted / cpuSeconds).toLocaleString('en')} ${unit} per CPU-second`.padEnd(36),
    extra,
  ].join(' ');
}

/** The machine may be shared: figures depend on what else ran meanwhile. */
export function loadLine(): string {
  return `load average (1, 5, 15 min): ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}
