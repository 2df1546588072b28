import { parseConfigText } from '../../../src/config/load';
import {
  ALERT_SCORE,
  rampScore,
  sigmaScore,
  tailScore,
  twoSidedTail,
} from '../../../src/detectors/calibration';
import { normalTail } from '../../../src/detectors/tail';

describe('normalTail', () => {
  // Reference values of P(Z > z) (R: pnorm(z, lower.tail = FALSE)).
  it.each([
    [0, 0.5],
    [1, 0.158655253931457],
    [1.959963984540054, 0.025],
    [3, 0.00134989803163009],
    [5, 2.86651571879194e-7],
    [8, 6.22096057427178e-16],
    [-1, 0.841344746068543],
  ])('P(Z > %p) = %p to 2e-7 relative', (z, p) => {
    expect(Math.abs(normalTail(z) - p) / p).toBeLessThan(2e-7);
  });
});

describe('calibrated scores', () => {
  it('score exactly 0.9 at the alert level, whatever it is', () => {
    expect(tailScore(1e-4, 1e-4)).toBeCloseTo(0.9, 12);
    expect(sigmaScore(3, 3)).toBeCloseTo(0.9, 12);
    expect(sigmaScore(-2, 2)).toBeCloseTo(0.9, 12);
    expect(rampScore(10, 10)).toBe(0.9);
  });

  it.each([
    { name: 'no surprise', score: tailScore(1, 1e-4), expected: 0 },
    { name: 'half the decades', score: tailScore(1e-2, 1e-4), expected: 0.45 },
    { name: 'beyond the cap', score: tailScore(1e-8, 1e-4), expected: 1 },
    { name: 'a zero tail', score: tailScore(0, 1e-4), expected: 1 },
    { name: 'z 0', score: sigmaScore(0, 3), expected: 0 },
    { name: 'ramp half way', score: rampScore(5, 10), expected: 0.45 },
    { name: 'ramp below 0', score: rampScore(-5, 10), expected: 0 },
    { name: 'ramp capped', score: rampScore(20, 10), expected: 1 },
  ])('$name scores $expected', ({ score, expected }) => {
    expect(score).toBeCloseTo(expected, 9);
  });

  it('two-sided tails are symmetric and at most 1', () => {
    expect(twoSidedTail(-3)).toBe(twoSidedTail(3));
    expect(twoSidedTail(0)).toBe(1);
  });
});

test('the default rule threshold is the score detectors give at their alert level', () => {
  const text = [
    'collectors:',
    '  lab: { type: synthetic, devices: [r1], series: { cpu: { measurement: system, field: cpu_util, baseline: 1 } } }',
    'rules:',
    '  all: { detector: { type: auto } }',
  ].join('\n');
  expect(parseConfigText(text, 'noctua.yaml').config.rules.all!.threshold).toBe(ALERT_SCORE);
});
