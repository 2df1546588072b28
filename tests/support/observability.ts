import { createLogger, type Logger } from '../../src/observability/logger';

interface MetricLike {
  get(): Promise<{
    values: Array<{ value: number; labels: Record<string, string | number>; metricName?: string }>;
  }>;
}

/** The value of one metric series (0 when absent): the labels given must all match. */
export async function metricValue(
  metric: MetricLike,
  labels: Record<string, string | number> = {},
  metricName?: string,
): Promise<number> {
  const { values } = await metric.get();
  const found = values.find(
    (v) =>
      (metricName === undefined || v.metricName === metricName) &&
      Object.entries(labels).every(([name, value]) => v.labels[name] === value),
  );
  return found?.value ?? 0;
}

export interface CapturedLogger {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines: Array<Record<string, unknown>>;
}

/** A real pino logger whose lines are kept in memory. */
export function captureLogger(level: 'debug' | 'info' | 'warn' = 'debug'): CapturedLogger {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level,
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}
