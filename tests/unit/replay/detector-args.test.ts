import { detectorFromArgs } from '../../../src/replay/detector-args';

describe('detectorFromArgs', () => {
  it('fills in defaults and converts numbers', () => {
    expect(detectorFromArgs('zscore', ['window=10', 'sigma=2.5'])).toEqual({
      type: 'zscore',
      window: 10,
      min_points: 20,
      sigma: 2.5,
    });
    expect(detectorFromArgs('seasonal', ['period=week', 'bin=1d'])).toMatchObject({
      period: 'week',
      bin: 86_400_000,
    });
  });

  it.each([
    { type: 'zscore', params: ['window'], problem: '--param "window": expected key=value' },
    { type: 'zscore', params: ['window=1'], problem: '--param window: ' },
    { type: 'zscore', params: ['windw=10'], problem: 'windw' },
    { type: 'prophet', params: [], problem: '--param type: ' },
  ])('reports $params for $type', ({ type, params, problem }) => {
    const result = detectorFromArgs(type, params);
    expect(Array.isArray(result)).toBe(true);
    expect((result as string[]).join('\n')).toContain(problem);
  });
});
