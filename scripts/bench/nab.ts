/*
 * Anomaly-detection quality on the NAB development subset: replays `auto`
 * with its default settings over ../shared/nab/data (NAB_DIR to change),
 * exactly as `noctua replay` does, and scores the output with NAB's rules
 * (score.py): the threshold optimised per profile, then the default rule
 * threshold. Prints all three profiles both ways.
 *
 *   tsx scripts/bench/nab.ts [output directory]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ALERT_SCORE } from '../../src/detectors/calibration';
import { detectorConfigSchema } from '../../src/detectors/config';
import { replayRule } from '../../src/replay/detector-args';
import { replay } from '../../src/replay/replay';

const NAB_DIR = resolve(process.env.NAB_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'nab'));
const OUTPUT = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'noctua-nab-')), 'auto');
/** The default rule threshold, which the detectors calibrate their scores to (a unit test keeps them equal). */
const DEFAULT_THRESHOLD = ALERT_SCORE;

function score(extra: string[]): void {
  const result = spawnSync('python3', [join(NAB_DIR, 'score.py'), OUTPUT, ...extra], { encoding: 'utf8' });
  process.stdout.write(result.stdout);
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(join(NAB_DIR, 'score.py'))) {
  console.error(`no NAB subset at ${NAB_DIR} (set NAB_DIR)`);
  process.exit(1);
}
const started = Date.now();
const totals = replay({
  input: join(NAB_DIR, 'data'),
  output: OUTPUT,
  rules: { auto: replayRule(detectorConfigSchema.parse({ type: 'auto' })) },
});
console.log(
  `auto (defaults): ${totals.files} files, ${totals.rows} rows in ${Date.now() - started} ms → ${OUTPUT}\n`,
);
console.log('Threshold optimised per profile (NAB protocol):');
score([]);
console.log(`\nDefault alert threshold ${DEFAULT_THRESHOLD} (--fixed-threshold):`);
score(['--fixed-threshold', String(DEFAULT_THRESHOLD)]);
