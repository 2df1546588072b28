import type { DetectorConfig } from '../../../src/detectors/config';
import { createDetector } from '../../../src/detectors/registry';
import { ZScoreDetector } from '../../../src/detectors/zscore';

describe('createDetector', () => {
  it('builds the detector of the configured type', () => {
    expect(createDetector({ type: 'zscore', window: 10, min_points: 5, sigma: 3 })).toBeInstanceOf(
      ZScoreDetector,
    );
  });

  it('refuses a type it does not know', () => {
    expect(() => createDetector({ type: 'prophet' } as unknown as DetectorConfig)).toThrow(
      'unknown detector type "prophet"',
    );
  });
});
