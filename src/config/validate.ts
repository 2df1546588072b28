import { dirname } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue, type DataIssue, formatPath } from './errors';
import { inlineSecretIssues, resolveReferences } from './secrets';
import { YamlSource } from './yaml-source';
import { fromZodIssues } from './zod-issues';

export interface YamlValidationOptions {
  /** Names the source in messages; relative `${file:}` paths start from its directory. */
  readonly file: string;
  readonly env: NodeJS.ProcessEnv;
  /** Checks that need the whole file, such as references between named objects. */
  readonly crossChecks?: (data: unknown) => DataIssue[];
}

export interface Validated<T> {
  readonly value: T;
  readonly secrets: readonly string[];
}

/**
 * Parses YAML text, resolves references and validates the result against
 * `schema`. Every issue of every kind is collected; if there is any, a
 * ConfigError carries them all, sorted by position, with secret values
 * blanked out of the messages.
 */
export function validateYaml<S extends z.ZodType>(
  schema: S,
  text: string,
  options: YamlValidationOptions,
): Validated<z.output<S>> {
  const source = new YamlSource(text, options.file);
  if (source.hasSyntaxErrors) throw configError(source.parseIssues, []);

  const resolved = resolveReferences(source.data, { env: options.env, baseDir: dirname(options.file) });
  const resolutionIssues = [...resolved.issues, ...inlineSecretIssues(schema, source.data)];
  // A value whose reference failed or that holds an inline secret is explained already; zod would only add noise.
  const explained = new Set(resolutionIssues.map((issue) => formatPath(issue.path)));

  const result = schema.safeParse(resolved.data, { reportInput: true });
  const schemaIssues = result.success
    ? []
    : fromZodIssues(result.error.issues, { schema, data: resolved.data }).filter(
        (issue) => !explained.has(formatPath(issue.path)),
      );
  const dataIssues = [...resolutionIssues, ...schemaIssues, ...(options.crossChecks?.(resolved.data) ?? [])];
  const issues = [...source.parseIssues, ...dataIssues.map((issue) => source.place(issue))];

  if (issues.length > 0 || !result.success) {
    throw configError(issues, resolved.secrets);
  }
  return { value: result.data, secrets: resolved.secrets };
}

/** Issues in file order, with secret values blanked out: messages may quote a value, and a value may be a secret. */
function configError(issues: readonly ConfigIssue[], secrets: readonly string[]): ConfigError {
  const longestFirst = [...secrets].sort((a, b) => b.length - a.length);
  const redact = (message: string) =>
    longestFirst.reduce((text, secret) => text.split(secret).join('[redacted]'), message);
  return new ConfigError(
    issues.map((issue) => ({ ...issue, message: redact(issue.message) })).sort(byPosition),
  );
}

function byPosition(a: ConfigIssue, b: ConfigIssue): number {
  return a.line - b.line || a.column - b.column;
}
