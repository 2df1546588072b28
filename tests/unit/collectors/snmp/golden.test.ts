import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ObjectType, type Varbind } from 'net-snmp';
import { parse } from 'yaml';
import { snmpConfigSchema } from '../../../../src/collectors/snmp/config';
import { MibResolver } from '../../../../src/collectors/snmp/mibs';
import { compilePollPlan } from '../../../../src/collectors/snmp/plan';
import { buildSamples } from '../../../../src/collectors/snmp/samples';
import { TagInterner } from '../../../../src/collectors/tag-interner';
import { encodeSampleJson } from '../../../../src/sinks/json-lines';

/*
 * Golden test cases, one folder each under testcases/: config.yaml is the
 * collector's config, poll.json what the agent answered (scalars by OID and
 * each walked column's varbinds, values as net-snmp hands them over: numbers,
 * octets as hex, Counter64 as big-endian hex), expected.jsonl the samples.
 * Regenerate after an intended change:  UPDATE_GOLDEN=1 npx jest tests/unit/collectors/snmp/golden
 */

const CASES = join(__dirname, 'testcases');
const update = process.env.UPDATE_GOLDEN === '1';
const mibs = new MibResolver();

interface RecordedVarbind {
  oid: string;
  type: keyof typeof ObjectType;
  /** A number, a string (IpAddress, OID), or {hex} for octet strings and Counter64. */
  value?: number | string | { hex: string };
}

interface RecordedPoll {
  scalars: RecordedVarbind[];
  columns: Record<string, RecordedVarbind[]>;
  skipped: number;
}

function varbind(recorded: RecordedVarbind): Varbind {
  const { value } = recorded;
  return {
    oid: recorded.oid,
    type: ObjectType[recorded.type],
    value: typeof value === 'object' ? Buffer.from(value.hex, 'hex') : value,
  };
}

function run(name: string): { lines: string; skipped: number; expectedSkipped: number } {
  const config = snmpConfigSchema.parse(parse(readFileSync(join(CASES, name, 'config.yaml'), 'utf8')));
  const poll = JSON.parse(readFileSync(join(CASES, name, 'poll.json'), 'utf8')) as RecordedPoll;
  const data = {
    scalars: new Map(poll.scalars.map((recorded) => [recorded.oid, varbind(recorded)])),
    columns: new Map(Object.entries(poll.columns).map(([oid, list]) => [oid, list.map(varbind)])),
  };
  const context = {
    agent: 'r1',
    source: name,
    time: Date.parse('2026-01-01T00:00:00Z'),
    counterReset: false,
  };
  const { samples, skipped } = buildSamples(compilePollPlan(config, mibs), data, context, new TagInterner());
  return { lines: `${samples.map(encodeSampleJson).join('\n')}\n`, skipped, expectedSkipped: poll.skipped };
}

test.each(readdirSync(CASES).sort())('%s', (name) => {
  const { lines, skipped, expectedSkipped } = run(name);
  const expectedPath = join(CASES, name, 'expected.jsonl');
  if (update) writeFileSync(expectedPath, lines);
  expect(lines).toBe(readFileSync(expectedPath, 'utf8'));
  expect(skipped).toBe(expectedSkipped);
});
