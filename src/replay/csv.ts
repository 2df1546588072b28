/** A CSV row the replay could not read; names the file and the 1-based line. */
export class ReplayInputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

export interface CsvRow {
  /** The timestamp as written, echoed unchanged in the output. */
  readonly timestamp: string;
  /** Epoch milliseconds. */
  readonly time: number;
  readonly value: number;
  /** The value as written. */
  readonly valueText: string;
}

const ZONE = /(Z|[+-]\d\d:?\d\d)$/i;

/**
 * Epoch milliseconds of a timestamp: a number is epoch seconds (below 1e11)
 * or milliseconds; otherwise an ISO 8601 date-time, where a space may stand
 * for the `T` and a missing zone means UTC (NAB writes `2014-04-01 00:00:00`).
 */
export function parseTimestamp(text: string): number {
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const number = Number(text);
    return Math.abs(number) < 1e11 ? number * 1000 : number;
  }
  const iso = text.replace(' ', 'T');
  return Date.parse(ZONE.test(iso) ? iso : `${iso}Z`);
}

/**
 * The rows of a `timestamp,value` CSV file; a first line that does not parse
 * as data is taken for a header. Extra columns are ignored; an empty value is
 * a gap (NaN, scored 0 by every detector).
 */
export function parseCsv(text: string, file: string): CsvRow[] {
  const lines = text.split(/\r?\n/);
  const rows: CsvRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const [timestamp = '', valueText = ''] = line.split(',', 2).map((cell) => cell.trim());
    const time = parseTimestamp(timestamp);
    const value = valueText === '' ? Number.NaN : Number(valueText);
    const isHeader = rows.length === 0 && Number.isNaN(time) && i === firstNonEmpty(lines);
    if (isHeader) continue;
    if (Number.isNaN(time))
      throw new ReplayInputError(file, i + 1, `timestamp ${JSON.stringify(timestamp)} is not a date`);
    if (valueText !== '' && Number.isNaN(value))
      throw new ReplayInputError(file, i + 1, `value ${JSON.stringify(valueText)} is not a number`);
    rows.push({ timestamp, time, value, valueText });
  }
  return rows;
}

function firstNonEmpty(lines: readonly string[]): number {
  return lines.findIndex((line) => line.trim() !== '');
}

/** A score as the output column shows it: fixed 6 decimals, 0 for anything not finite. */
export function formatScore(score: number): string {
  return Number.isFinite(score) ? score.toFixed(6) : '0.000000';
}
