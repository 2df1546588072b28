import { readFileSync } from 'node:fs';
import { ConfigError, describeReadError } from './errors';
import { referenceIssues } from './references';
import { configSchema, type NoctuaConfig } from './schema';
import { validateYaml } from './validate';

export { ConfigError, type ConfigIssue, formatIssue } from './errors';

export interface LoadedConfig {
  config: NoctuaConfig;
  file: string;
  /** Values that `${env:}` and `${file:}` references resolved to, for the logger to redact. */
  secrets: readonly string[];
}

/** Reads and validates a config file. Throws ConfigError with every issue, also when the file cannot be read. */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([
      {
        file: path,
        line: 0,
        column: 0,
        path: '',
        message: `cannot read the file: ${describeReadError(error)}`,
      },
    ]);
  }
  return parseConfigText(text, path, env);
}

/** Validates config text; `file` names it in messages and anchors relative `${file:}` paths. */
export function parseConfigText(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): LoadedConfig {
  const { value, secrets } = validateYaml(configSchema, text, { file, env, crossChecks: referenceIssues });
  return { config: value, file, secrets };
}
