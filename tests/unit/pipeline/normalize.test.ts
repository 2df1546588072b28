import { Subject } from 'rxjs';
import type { Sample } from '../../../src/core/sample';
import { Metrics } from '../../../src/observability/metrics';
import { normalize } from '../../../src/pipeline/normalize';
import { captureLogger, metricValue } from '../../support/observability';

const TAGS = { device: 'edge-r1' };

function valid(overrides: Record<string, unknown> = {}): Sample {
  return {
    measurement: 'system',
    tags: TAGS,
    fields: { cpu: 12.5, up: true, version: '17.3', octets: 12n },
    time: 1_700_000_000_000,
    source: 'lab',
    ...overrides,
  } as Sample;
}

function setUp() {
  const metrics = new Metrics({ processMetrics: false });
  const { logger, lines } = captureLogger('warn');
  let now = 1_700_000_000_000;
  const input = new Subject<unknown>();
  const output: Sample[] = [];
  let failed = false;
  const subscription = (input as Subject<Sample>)
    .pipe(normalize({ metrics, logger, now: () => now }))
    .subscribe({ next: (s) => output.push(s), error: () => (failed = true) });
  return {
    metrics,
    lines,
    output,
    send: (...samples: unknown[]) => {
      for (const s of samples) input.next(s);
    },
    advance: (ms: number) => {
      now += ms;
    },
    finish: () => subscription.unsubscribe(),
    failed: () => failed,
  };
}

describe('normalize', () => {
  it('lets a well-formed sample through as the same object', async () => {
    const { send, output, metrics, finish } = setUp();
    const sample = valid();
    send(sample);
    expect(output[0]).toBe(sample);
    finish();
    expect(await metricValue(metrics.samplesProcessed, { stage: 'normalize' })).toBe(1);
  });

  it.each<[string, string, unknown]>([
    ['null', 'not_object', null],
    ['a string', 'not_object', 'cpu=1'],
    ['an array', 'not_object', [valid()]],
    ['no measurement', 'bad_measurement', valid({ measurement: undefined })],
    ['empty measurement', 'bad_measurement', valid({ measurement: '' })],
    ['numeric measurement', 'bad_measurement', valid({ measurement: 42 })],
    ['tags not an object', 'bad_tags', valid({ tags: 'device=r1' })],
    ['tags null', 'bad_tags', valid({ tags: null })],
    ['a tag value not a string', 'bad_tags', valid({ tags: { device: 1 } })],
    ['time missing', 'bad_time', valid({ time: undefined })],
    ['time as a string', 'bad_time', valid({ time: '2026-01-01' })],
    ['time NaN', 'bad_time', valid({ time: Number.NaN })],
    ['time infinite', 'bad_time', valid({ time: Number.POSITIVE_INFINITY })],
    [
      'time more than an hour ahead of the clock',
      'future_time',
      valid({ time: 1_700_000_000_000 + 3_600_001 }),
    ],
    ['kinds not an object', 'bad_kinds', valid({ kinds: 'counter' })],
    ['kinds null', 'bad_kinds', valid({ kinds: null })],
    ['fields missing', 'bad_fields', valid({ fields: undefined })],
    ['fields an array', 'bad_fields', valid({ fields: [1] })],
    ['no fields', 'no_fields', valid({ fields: {} })],
    ['a field null', 'bad_field_value', valid({ fields: { cpu: null } })],
    ['a field an object', 'bad_field_value', valid({ fields: { cpu: { value: 1 } } })],
    ['a field undefined', 'bad_field_value', valid({ fields: { cpu: undefined } })],
  ])('drops a sample with %s, counted as %s', async (_, reason, sample) => {
    const { send, output, metrics, failed } = setUp();
    send(sample, valid());
    expect(output).toHaveLength(1);
    expect(failed()).toBe(false);
    const collector =
      sample !== null && typeof sample === 'object' && !Array.isArray(sample) ? 'lab' : 'unknown';
    expect(await metricValue(metrics.samplesInvalid, { collector, reason })).toBe(1);
  });

  it('removes non-finite field values and keeps the rest, with the same tags object', async () => {
    const { send, output, metrics } = setUp();
    send(valid({ fields: { a: Number.NaN, b: 1, c: Number.NEGATIVE_INFINITY } }));
    expect(output).toHaveLength(1);
    expect(output[0]!.fields).toEqual({ b: 1 });
    expect(output[0]!.tags).toBe(TAGS);
    expect(await metricValue(metrics.samplesInvalid, { collector: 'lab', reason: 'non_finite_field' })).toBe(
      2,
    );
  });

  it('drops a sample whose every field is non-finite', async () => {
    const { send, output, metrics } = setUp();
    send(valid({ fields: { a: Number.NaN } }));
    expect(output).toHaveLength(0);
    expect(await metricValue(metrics.samplesInvalid, { collector: 'lab', reason: 'non_finite_field' })).toBe(
      1,
    );
    expect(await metricValue(metrics.samplesInvalid, { collector: 'lab', reason: 'no_fields' })).toBe(1);
  });

  it('logs each collector and reason at most once per 10 s, with the count of what it kept quiet', () => {
    const { send, lines, advance } = setUp();
    send(valid({ time: 'x' }), valid({ time: 'y' }), valid({ time: 'z' }));
    send(valid({ source: 'other', time: 'x' }), valid({ measurement: '' }));
    expect(lines.map((l) => [l.collector, l.reason, l.suppressed])).toEqual([
      ['lab', 'bad_time', 0],
      ['other', 'bad_time', 0],
      ['lab', 'bad_measurement', 0],
    ]);
    advance(10_000);
    send(valid({ time: 'again' }));
    expect(lines[3]).toMatchObject({ level: 40, collector: 'lab', reason: 'bad_time', suppressed: 2 });
    expect(lines[3]!.msg).toBe('invalid sample dropped');
  });

  it('names the dropped field when it removes a non-finite value', () => {
    const { send, lines } = setUp();
    send(valid({ fields: { a: Number.NaN, b: 1 } }));
    expect(lines).toEqual([
      expect.objectContaining({
        reason: 'non_finite_field',
        field: 'a',
        measurement: 'system',
        msg: 'non-finite field value dropped',
      }),
    ]);
  });
});
