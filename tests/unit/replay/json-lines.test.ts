import type { Sample } from '../../../src/core/sample';
import { parseSampleLines } from '../../../src/replay/json-lines';
import { encodeSampleJson } from '../../../src/sinks/json-lines';

const SAMPLE: Sample = {
  measurement: 'interface',
  tags: { device: 'r1', ifName: 'eth0' },
  fields: { in_octets: 2n ** 63n, in_octets_rate: 1.5, oper_up: true, descr: 'uplink' },
  time: 1_700_000_000_000,
  source: 'lab',
  kinds: { in_octets: 'counter64' },
};

describe('parseSampleLines', () => {
  it('reads back what the file sink wrote, bigints included, and skips score records', () => {
    const score = JSON.stringify({ measurement: 'noctua_score', tags: {}, fields: { score: 1 }, time: 1 });
    expect(parseSampleLines(`${encodeSampleJson(SAMPLE)}\n${score}\n\n`, 'x.jsonl')).toEqual([SAMPLE]);
  });

  it.each([
    ['{"measurement":"m"', 'x.jsonl:2: not a JSON object'],
    ['[1,2]', 'x.jsonl:2: not a JSON object'],
    ['{"measurement":"m","tags":{},"fields":{"a":1}}', 'x.jsonl:2: no numeric "time" (epoch ms)'],
    [
      '{"measurement":"m","tags":{"a":1},"fields":{},"time":1}',
      'x.jsonl:2: "tags" is not an object of strings',
    ],
    ['{"tags":{},"fields":{},"time":1}', 'x.jsonl:2: no "measurement" string'],
  ])('names the file and line of a malformed record: %s', (line, message) => {
    expect(() => parseSampleLines(`${encodeSampleJson(SAMPLE)}\n${line}\n`, 'x.jsonl')).toThrow(message);
  });
});
