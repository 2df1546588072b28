import type { RuleConfig } from '../config/schema';
import { ALERT_SCORE } from '../detectors/calibration';
import { type DetectorConfig, detectorConfigSchema } from '../detectors/config';

/**
 * The detector settings of `--detector NAME --param key=value ...`: values
 * that read as numbers are numbers, `true`/`false` are booleans, anything
 * else a string; the detector's schema checks them (defaults filled in).
 * Returns the settings, or the problems found.
 */
export function detectorFromArgs(type: string, params: readonly string[]): DetectorConfig | string[] {
  const settings: Record<string, unknown> = { type };
  const problems: string[] = [];
  for (const param of params) {
    const equals = param.indexOf('=');
    if (equals <= 0) {
      problems.push(`--param ${JSON.stringify(param)}: expected key=value`);
      continue;
    }
    settings[param.slice(0, equals)] = paramValue(param.slice(equals + 1));
  }
  const parsed = detectorConfigSchema.safeParse(settings);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.length === 0 ? '--detector' : `--param ${issue.path.join('.')}`;
      problems.push(`${key}: ${issue.message}`);
    }
  }
  return problems.length > 0 || !parsed.success ? problems : parsed.data;
}

/** A rule selecting every series, scored by `detector`, with the default threshold. */
export function replayRule(detector: DetectorConfig): RuleConfig {
  return {
    match: { measurement: '*', fields: ['*'], tags: {} },
    detector,
    threshold: ALERT_SCORE,
    severity: 'warning',
    labels: {},
  };
}

function paramValue(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}
