import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { Subject } from 'rxjs';
import { compileRules } from '../alerting/rule-matcher';
import type { RuleConfig } from '../config/schema';
import type { Sample } from '../core';
import type { DetectorConfig } from '../detectors/config';
import { createDetector } from '../detectors/registry';
import { Metrics } from '../observability/metrics';
import { detect } from '../pipeline/detect';
import { encodeScoreJson } from '../sinks/json-lines';
import { formatScore, parseCsv } from './csv';
import { parseSampleLines } from './json-lines';

/** Rows between two progress reports within one file. */
const PROGRESS_ROWS = 100_000;

const CSV_EXTENSIONS = new Set(['.csv']);
const JSON_LINES_EXTENSIONS = new Set(['.jsonl', '.ndjson']);

export interface ReplayOptions {
  readonly input: string;
  readonly output: string;
  /** Rules that score JSON-lines samples (first match wins); CSV files use the first rule's detector. */
  readonly rules: Readonly<Record<string, RuleConfig>>;
  /** Called after each file, and every PROGRESS_ROWS rows within a file, with the counts so far. */
  readonly progress?: (done: ReplayTotals, total: number) => void;
}

export interface ReplayTotals {
  files: number;
  rows: number;
}

/**
 * Replays recorded data through the detectors, exactly as the service scores
 * it. A CSV file (`timestamp,value`) becomes `timestamp,value,anomaly_score`
 * with one fresh detector per file; a JSON-lines file written by the file
 * sink goes through the detect operator with the rules, and its scores are
 * written as JSON lines. A directory is walked (sorted, recursively) and
 * mirrored under `output`; other files in it are skipped.
 */
export function replay(options: ReplayOptions): ReplayTotals {
  const files = statSync(options.input).isDirectory()
    ? listFiles(options.input).map((file) => ({
        file,
        target: join(options.output, relative(options.input, file)),
      }))
    : [{ file: options.input, target: options.output }];
  const totals: ReplayTotals = { files: 0, rows: 0 };
  for (const { file, target } of files) {
    const text = readFileSync(file, 'utf8');
    const rowsBefore = totals.rows;
    const onRow = (row: number) => {
      if (row % PROGRESS_ROWS !== 0) return;
      totals.rows = rowsBefore + row;
      options.progress?.(totals, files.length);
    };
    const { lines, rows } = CSV_EXTENSIONS.has(extname(file).toLowerCase())
      ? replayCsv(text, file, firstDetector(options.rules), onRow)
      : replayJsonLines(text, file, options.rules, onRow);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    totals.files++;
    totals.rows = rowsBefore + rows;
    options.progress?.(totals, files.length);
  }
  return totals;
}

function listFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile() && isReplayable(entry.name)) files.push(path);
  }
  return files;
}

function isReplayable(name: string): boolean {
  const extension = extname(name).toLowerCase();
  return CSV_EXTENSIONS.has(extension) || JSON_LINES_EXTENSIONS.has(extension);
}

function firstDetector(rules: Readonly<Record<string, RuleConfig>>): DetectorConfig {
  const first = Object.values(rules)[0];
  if (first === undefined) throw new Error('no rule to replay with');
  return first.detector;
}

function replayCsv(
  text: string,
  file: string,
  config: DetectorConfig,
  onRow: (row: number) => void,
): { lines: string[]; rows: number } {
  const rows = parseCsv(text, file);
  const detector = createDetector(config);
  const sample: Sample = { measurement: 'replay', tags: {}, fields: {}, time: 0, source: 'replay' };
  const lines = ['timestamp,value,anomaly_score'];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const { score } = detector.update({
      key: 'replay',
      field: 'value',
      value: row.value,
      time: row.time,
      sample,
    });
    lines.push(`${row.timestamp},${row.valueText},${formatScore(score)}`);
    onRow(i + 1);
  }
  return { lines, rows: rows.length };
}

function replayJsonLines(
  text: string,
  file: string,
  rules: Readonly<Record<string, RuleConfig>>,
  onRow: (row: number) => void,
): { lines: string[]; rows: number } {
  const samples = parseSampleLines(text, file);
  const lines: string[] = [];
  const input = new Subject<Sample>();
  const deps = { metrics: new Metrics({ processMetrics: false }) };
  // Every series of the file is kept: a replay is bounded by its input, not by time.
  const subscription = input
    .pipe(detect(compileRules(rules), { maxSeries: Number.MAX_SAFE_INTEGER, idleExpiryMs: 0 }, deps))
    .subscribe((score) => {
      const line = encodeScoreJson(score);
      if (line !== '') lines.push(line);
    });
  for (let i = 0; i < samples.length; i++) {
    input.next(samples[i]!);
    onRow(i + 1);
  }
  input.complete();
  subscription.unsubscribe();
  return { lines, rows: samples.length };
}
