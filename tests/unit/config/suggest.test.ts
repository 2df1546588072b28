import { closestMatch, unknownName } from '../../../src/config/suggest';

describe('closestMatch', () => {
  const keys = ['interval', 'seed', 'pace', 'rounds', 'start_time', 'devices', 'series', 'anomalies'];

  it.each([
    ['intervall', 'interval'],
    ['intreval', 'interval'],
    ['Interval', 'interval'],
    ['sed', 'seed'],
    ['device', 'devices'],
    ['anomaly', 'anomalies'],
    ['starttime', 'start_time'],
    ['colour', undefined],
    ['x', undefined],
  ])('%s → %s', (typed, expected) => {
    expect(closestMatch(typed, keys)).toBe(expected);
  });
});

describe('unknownName', () => {
  it.each([
    [['lab', 'core'], 'unknown collector "labb" (did you mean "lab"?)'],
    [['edge', 'core'], 'unknown collector "labb" (expected one of: edge, core)'],
    [[], 'unknown collector "labb" (none is defined)'],
  ])('with %j defined', (known, expected) => {
    expect(unknownName('collector', 'labb', known)).toBe(expected);
  });
});
