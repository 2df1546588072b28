import { formatDuration, formatSize, parseDuration, parseSize } from '../../../src/config/units';

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [250, '250ms'],
    [1_500, '1500ms'],
    [10_000, '10s'],
    [90_000, '90s'],
    [3_600_000, '1h'],
    [86_400_000, '1d'],
    [604_800_000, '1w'],
  ])('%d ms → %s, which parses back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('formatSize', () => {
  it.each([
    [0, '0B'],
    [1000, '1000B'],
    [4096, '4KiB'],
    [64 * 1024 * 1024, '64MiB'],
    [2 * 1024 ** 3, '2GiB'],
  ])('%d bytes → %s, which parses back', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
    expect(parseSize(text)).toBe(bytes);
  });
});
