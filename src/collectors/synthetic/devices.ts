/** Listed names, or `count` names numbered from 1 after `prefix`. */
export function deviceNames(devices: readonly string[] | { count: number; prefix: string }): string[] {
  if (Array.isArray(devices)) return [...devices];
  const { count, prefix } = devices as { count: number; prefix: string };
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}
