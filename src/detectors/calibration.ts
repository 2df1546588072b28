import { logTwoSidedTail } from './tail';

/**
 * The score a detector gives at its own alert level: the default rule
 * threshold. Detectors map their deviation so that reaching their configured
 * alert level (a number of standard deviations, a tail probability, a
 * duration) scores exactly this, whatever the series.
 */
export const ALERT_SCORE = 0.9;

/**
 * Score of a tail probability p: ALERT_SCORE × log(p) / log(alertTail),
 * capped at 1. p = 1 scores 0, p = alertTail scores ALERT_SCORE, and every
 * further factor of alertTail adds ALERT_SCORE (so the cap is reached soon).
 */
export function tailScore(p: number, alertTail: number): number {
  if (!(p < 1)) return 0;
  return Math.min(1, (ALERT_SCORE * Math.log(Math.max(p, Number.MIN_VALUE))) / Math.log(alertTail));
}

/**
 * Score of a deviation from the expected value, given the standard deviation
 * of the history, calibrated so that `sigma` standard deviations score
 * ALERT_SCORE (0.9): sigma 3 means "alert at a 0.27 % two-sided tail". The
 * alert level comes as logTwoSidedTail(sigma), which a detector may compute
 * once; then a score costs one log. A flat history (std 0) scores 0 for no
 * deviation and 1 for any.
 */
export function deviationScore(deviation: number, std: number, alertLogTail: number): number {
  if (std === 0) return deviation === 0 ? 0 : 1;
  return sigmaScoreFromLog(deviation / std, alertLogTail);
}

/** The score of z standard deviations (see deviationScore), the alert level given as logTwoSidedTail(sigma). */
export function sigmaScoreFromLog(z: number, alertLogTail: number): number {
  const logTail = logTwoSidedTail(z);
  // The ratio first: at z = sigma it is exactly 1, so the score is exactly ALERT_SCORE.
  return logTail === 0 ? 0 : Math.min(1, ALERT_SCORE * (logTail / alertLogTail));
}

/** A linear ramp: 0 at 0, ALERT_SCORE at `alertAt`, capped at 1. */
export function rampScore(amount: number, alertAt: number): number {
  if (!(amount > 0)) return 0;
  return Math.min(1, (ALERT_SCORE * amount) / alertAt);
}
