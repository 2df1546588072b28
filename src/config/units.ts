import { z } from 'zod';
import { describeValue } from './errors';

/*
 * Durations and sizes are written the way people say them ("500ms", "10s",
 * "64MiB"); a bare number is milliseconds or bytes. Parsed values are numbers.
 */

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const DURATION_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/;
const SIZE_BYTES: Record<string, number> = {
  B: 1,
  KB: 1e3,
  KiB: 1024,
  MB: 1e6,
  MiB: 1024 ** 2,
  GB: 1e9,
  GiB: 1024 ** 3,
};

export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = DURATION.exec(value.trim());
  return match ? Number(match[1]) * DURATION_MS[match[2]!]! : undefined;
}

export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = SIZE.exec(value.trim());
  return match ? Math.round(Number(match[1]) * SIZE_BYTES[match[2] ?? 'B']!) : undefined;
}

/** Writes milliseconds in the largest unit that divides them: 90000 → "90s", 3600000 → "1h". */
export function formatDuration(ms: number): string {
  return formatInUnits(ms, DURATION_MS, 'ms');
}

/** Writes bytes in the largest binary unit that divides them: 67108864 → "64MiB". */
export function formatSize(bytes: number): string {
  return formatInUnits(bytes, BINARY_SIZE_BYTES, 'B');
}

const BINARY_SIZE_BYTES: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

function formatInUnits(value: number, units: Record<string, number>, smallest: string): string {
  if (value === 0) return `0${smallest}`;
  const [unit, factor] = Object.entries(units)
    .sort(([, a], [, b]) => b - a)
    .find(([, factor]) => value % factor === 0) ?? [smallest, 1];
  return `${value / factor}${unit}`;
}

function parsed(parse: (v: unknown) => number | undefined, expected: string, format: string) {
  return z
    .unknown()
    .transform((value, ctx): number => {
      const result = parse(value);
      if (result === undefined) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: `expected ${expected}, got ${describeValue(value)}`,
        });
        return z.NEVER;
      }
      return result;
    })
    .meta({ format });
}

/** A duration in config, parsed to milliseconds. */
export const duration = () =>
  parsed(parseDuration, 'a duration such as 500ms, 10s, 5m, 1h or 1d', 'duration');

/** A duration that must be longer than zero (intervals, periods). */
export const positiveDuration = () =>
  parsed(
    (value) => {
      const ms = parseDuration(value);
      return ms !== undefined && ms > 0 ? ms : undefined;
    },
    'a duration longer than 0, such as 500ms, 10s, 5m, 1h or 1d',
    'duration',
  );

/** A size in config, parsed to bytes. */
export const size = () => parsed(parseSize, 'a size such as 4096, 64KiB or 100MiB', 'size');

/** Names of named objects: they appear in metrics labels and file names. */
export const objectName = z
  .string()
  .regex(
    /^(?!\d+$)[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/,
    'names are 1-63 letters, digits, "_", "." or "-", and not all digits',
  )
  .meta({ format: 'name' });
