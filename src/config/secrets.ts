import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { isMapping } from './data';
import { type DataIssue, describeReadError, type Path } from './errors';
import { optionInfo, walkValues } from './schema-walk';

/*
 * Any string in the file may contain `${env:NAME}` or `${file:PATH}`; both are
 * replaced before validation. Options that hold credentials are declared with
 * secretReference() and must be nothing but one reference, so that a password
 * never sits in a file that gets copied, committed or pasted into a ticket.
 */

const REFERENCE = /\$\{([A-Za-z]+):([^}]*)\}/g;
const WHOLE_REFERENCE = /^\$\{(env|file):[^}]+\}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_REFERENCE_FORMAT = 'secret-reference';
const INLINE_SECRET = 'secrets must be given as ${env:NAME} or ${file:PATH}, never inline';

/**
 * An option that must be given as a reference. The loader enforces it on the
 * text as written, since by validation time the reference is already resolved.
 */
export function secretReference() {
  return z.string().min(1).meta({ format: SECRET_REFERENCE_FORMAT });
}

export interface ReferenceSources {
  readonly env: NodeJS.ProcessEnv;
  /** Relative `${file:}` paths start here: the directory of the config file. */
  readonly baseDir: string;
}

export interface ResolvedReferences {
  readonly data: unknown;
  /** Every value a reference resolved to, for redaction. */
  readonly secrets: readonly string[];
  readonly issues: readonly DataIssue[];
}

type Lookup = { value: string } | { error: string };

function lookUp(reference: string, scheme: string, argument: string, sources: ReferenceSources): Lookup {
  if (scheme === 'env') {
    if (!ENV_NAME.test(argument)) return { error: `invalid environment variable name in ${reference}` };
    const value = sources.env[argument];
    return value === undefined ? { error: `environment variable ${argument} is not set` } : { value };
  }
  if (scheme === 'file') {
    if (argument === '') return { error: `${reference} names no file` };
    try {
      return { value: readFileSync(resolve(sources.baseDir, argument), 'utf8').replace(/\r?\n$/, '') };
    } catch (error) {
      return { error: `cannot read secret file ${argument}: ${describeReadError(error)}` };
    }
  }
  return { error: `unknown reference ${reference}: use \${env:NAME} or \${file:PATH}` };
}

/** Replaces every reference in the strings of `data`; a reference that cannot be resolved is an issue at its string. */
export function resolveReferences(data: unknown, sources: ReferenceSources): ResolvedReferences {
  const secrets = new Set<string>();
  const issues: DataIssue[] = [];

  const resolveString = (text: string, path: Path): string =>
    text.replace(REFERENCE, (reference, scheme: string, argument: string) => {
      const found = lookUp(reference, scheme, argument, sources);
      if ('error' in found) {
        issues.push({ path, anchor: 'value', message: found.error });
        return reference;
      }
      if (found.value !== '') secrets.add(found.value);
      return found.value;
    });

  const resolveValue = (value: unknown, path: Path): unknown => {
    if (typeof value === 'string') return resolveString(value, path);
    if (Array.isArray(value)) return value.map((item, index) => resolveValue(item, [...path, index]));
    if (isMapping(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, resolveValue(item, [...path, key])]),
      );
    }
    return value;
  };

  return { data: resolveValue(data, []), secrets: [...secrets], issues };
}

/** Secret options in `raw` (the data as written, before resolution) that are not one reference. */
export function inlineSecretIssues(schema: z.core.$ZodType, raw: unknown): DataIssue[] {
  const issues: DataIssue[] = [];
  walkValues(schema, raw, (option, value, path) => {
    const isScalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (
      isScalar &&
      optionInfo(option).format === SECRET_REFERENCE_FORMAT &&
      !WHOLE_REFERENCE.test(String(value))
    ) {
      issues.push({ path, anchor: 'value', message: INLINE_SECRET });
    }
  });
  return issues;
}
