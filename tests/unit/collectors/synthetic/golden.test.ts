import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, map, toArray } from 'rxjs';
import { parse } from 'yaml';
import { createCollector } from '../../../../src/collectors/registry';
import { syntheticConfigSchema } from '../../../../src/collectors/synthetic/config';
import { createLogger } from '../../../../src/observability/logger';
import { Metrics } from '../../../../src/observability/metrics';
import { StatusBoard } from '../../../../src/observability/status';
import { encodeSampleJson } from '../../../../src/sinks/json-lines';

/*
 * Golden test cases, one folder each under testcases/: config.yaml is the
 * collector's config (pace max, a fixed start_time, a number of rounds);
 * expected.jsonl is every sample of the run as JSON lines.
 * Regenerate after an intended change:  UPDATE_GOLDEN=1 npx jest tests/unit/collectors/synthetic/golden
 */

const CASES = join(__dirname, 'testcases');
const update = process.env.UPDATE_GOLDEN === '1';

async function run(name: string): Promise<string> {
  const config = syntheticConfigSchema.parse(parse(readFileSync(join(CASES, name, 'config.yaml'), 'utf8')));
  if (config.pace !== 'max' || config.start_time === undefined || config.rounds === undefined) {
    throw new Error(`${name}: a golden case needs pace max, start_time and rounds to be deterministic`);
  }
  const deps = {
    logger: createLogger({ level: 'silent' }),
    metrics: new Metrics(),
    status: new StatusBoard(),
  };
  const lines = await lastValueFrom(
    createCollector(name, config, deps).samples$().pipe(map(encodeSampleJson), toArray()),
  );
  return `${lines.join('\n')}\n`;
}

test.each(readdirSync(CASES).sort())('%s', async (name) => {
  const actual = await run(name);
  const expectedPath = join(CASES, name, 'expected.jsonl');
  if (update) writeFileSync(expectedPath, actual);
  expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
});
