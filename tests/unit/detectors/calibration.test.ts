import { parseConfigText } from '../../../src/config/load';
import {
  ALERT_SCORE,
  deviationScore,
  rampScore,
  sigmaScoreFromLog,
  tailScore,
} from '../../../src/detectors/calibration';
import { logTwoSidedTail, normalTail } from '../../../src/detectors/tail';
import { sigmaScore } from './support';

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

  it.each([
    { name: 'a flat history and no deviation', deviation: 0, std: 0, expected: 0 },
    { name: 'a flat history and any deviation', deviation: 1e-9, std: 0, expected: 1 },
    { name: 'sigma standard deviations', deviation: 6, std: 2, expected: 0.9 },
  ])('deviationScore: $name scores $expected', ({ deviation, std, expected }) => {
    expect(deviationScore(deviation, std, logTwoSidedTail(3))).toBe(expected);
  });

  it('two-sided tails are symmetric and at most 1', () => {
    expect(logTwoSidedTail(-3)).toBe(logTwoSidedTail(3));
    expect(logTwoSidedTail(0)).toBe(0);
  });
});

/** P(|Z| > |z|) from the one-sided tail: the reference the log form is checked against. */
const twoSidedTail = (z: number) => Math.min(1, 2 * normalTail(Math.abs(z)));

describe('sigmaScoreFromLog: the tail score of the two-sided normal tail, taken as logs', () => {
  it.each([0, 1e-9, 0.3, 1, 2, 2.9, 3, 3.1, 5, 10, 40, -2])(
    'equals tailScore of the tails at z = %p',
    (z) => {
      for (const sigma of [1, 2, 3, 3.5, 5.5]) {
        const reference = tailScore(twoSidedTail(z), twoSidedTail(sigma));
        expect(sigmaScoreFromLog(z, logTwoSidedTail(sigma))).toBeCloseTo(reference, 12);
        expect(sigmaScore(z, sigma)).toBeCloseTo(reference, 12);
      }
    },
  );

  it('gives exactly 0.9 at z = ±sigma and +0 (not -0) at z = 0', () => {
    for (const sigma of [0.7, 1, 2, 3, 3.5, 5.5]) {
      expect(sigmaScoreFromLog(sigma, logTwoSidedTail(sigma))).toBe(ALERT_SCORE);
      expect(sigmaScoreFromLog(-sigma, logTwoSidedTail(sigma))).toBe(ALERT_SCORE);
    }
    expect(sigmaScoreFromLog(0, logTwoSidedTail(3))).toBe(0);
  });

  it.each([
    [0.5, Math.log(0.617075077451974)],
    [3, Math.log(0.00269979606326019)],
    [10, Math.log(1.52397060483211e-23)],
    // Far beyond where the tail itself underflows to 0.
    [40, -803.9152948332096],
  ])('logTwoSidedTail(%p) is %p (log erfc(z / √2))', (z, expected) => {
    expect(Math.abs(logTwoSidedTail(z) - expected)).toBeLessThan(2e-7 * Math.max(1, Math.abs(expected)));
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
