import { z } from 'zod';

/** The warm-up setting most detectors share. */
export function minPoints(defaultValue: number, what = 'Points seen before scores are given') {
  return z.number().int().min(2).default(defaultValue).describe(`${what}; until then the score is 0.`);
}

/** Weight of the newest observation in an exponentially weighted statistic. */
export function weight(defaultValue: number, description: string) {
  return z.number().gt(0).lte(1).default(defaultValue).describe(description);
}
