import type { z } from 'zod';
import { type DataIssue, describeValue, type Path } from './errors';
import { objectKeys, schemasAt } from './schema-walk';
import { closestMatch, unknownName } from './suggest';

/*
 * Zod's issues, reworded for people editing YAML: one issue per unknown key
 * with a suggestion, missing keys pointed at the object that lacks them, and
 * of a union's failed options only the one the user evidently meant.
 */

type Issue = z.core.$ZodIssue;

/** What the issues were raised against: unknown keys are looked up in the schema at their path. */
export interface IssueContext {
  readonly schema: z.core.$ZodType;
  readonly data: unknown;
}

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

function noun(expected: string): string {
  return NOUNS[expected] ?? expected;
}

/** Zod issues (parsed with `reportInput`) as data issues. */
export function fromZodIssues(
  issues: readonly Issue[],
  context: IssueContext,
  prefix: Path = [],
): DataIssue[] {
  return issues.flatMap((issue) => {
    const path = [
      ...prefix,
      ...issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
    ];
    return convert(issue, path, context);
  });
}

function convert(issue: Issue, path: Path, context: IssueContext): DataIssue[] {
  const at = (message: string): DataIssue[] => [{ path, anchor: 'value', message }];
  // Custom types (durations, sizes) see a missing key as an undefined input too.
  if (
    issue.input === undefined &&
    (issue.code === 'invalid_type' || issue.code === 'custom') &&
    path.length > 0
  ) {
    return [{ path, anchor: 'parent', message: `missing required key "${path[path.length - 1]}"` }];
  }
  switch (issue.code) {
    case 'invalid_type':
      return at(`expected ${noun(issue.expected)}, got ${describeValue(issue.input)}`);
    case 'unrecognized_keys': {
      const known = schemasAt(context.schema, context.data, path).flatMap(objectKeys);
      return issue.keys.map((key) => ({
        path: [...path, key],
        anchor: 'key',
        message: unknownName('key', key, known),
      }));
    }
    case 'invalid_key':
      return [
        {
          path,
          anchor: 'key',
          message: `invalid key ${describeValue(issue.input)}: ${issue.issues.map((i) => i.message).join('; ')}`,
        },
      ];
    case 'invalid_value':
      return at(choiceMessage(issue.values.map(String), issue.input));
    case 'invalid_union':
      return unionIssues(issue, path, context);
    case 'too_small':
    case 'too_big':
      return at(boundMessage(issue));
    case 'invalid_format':
      return at(
        issue.format === 'datetime'
          ? `expected a date and time with offset (ISO 8601), such as 2026-01-31T08:00:00Z, got ${describeValue(issue.input)}`
          : issue.message,
      );
    case 'not_multiple_of':
      return at(`must be a multiple of ${issue.divisor}`);
    default:
      return at(issue.message);
  }
}

function choiceMessage(choices: readonly string[], input: unknown): string {
  const expected = `expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${describeValue(input)}`;
  const suggestion = typeof input === 'string' ? closestMatch(input, choices) : undefined;
  return suggestion === undefined ? expected : `${expected} (did you mean "${suggestion}"?)`;
}

function boundMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const limit = small ? issue.minimum : issue.maximum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'number':
    case 'int': {
      const bound = small ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
      return `must be ${bound} ${limit}, got ${describeValue(issue.input)}`;
    }
    case 'array':
      return `must have ${small ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'}`;
    case 'string':
      if (small && limit === 1) return 'must not be empty';
      return `must be ${small ? 'at least' : 'at most'} ${limit} characters long`;
    default:
      return issue.message;
  }
}

function unionIssues(issue: z.core.$ZodIssueInvalidUnion, path: Path, context: IssueContext): DataIssue[] {
  const input = issue.input;
  if (issue.discriminator !== undefined) {
    const known = ('options' in issue ? (issue.options ?? []) : []).map(String);
    // Zod names the discriminator key in the path; the input is the object that holds it.
    const tagPath = path[path.length - 1] === issue.discriminator ? path : [...path, issue.discriminator];
    const tag =
      typeof input === 'object' && input !== null
        ? (input as Record<string, unknown>)[issue.discriminator]
        : undefined;
    if (tag === undefined) {
      return [
        {
          path: tagPath,
          anchor: 'parent',
          message: `missing required key "${issue.discriminator}" (one of: ${known.join(', ')})`,
        },
      ];
    }
    return [
      { path: tagPath, anchor: 'value', message: unknownName(issue.discriminator, String(tag), known) },
    ];
  }
  // An option whose issues are all below its top level is the one whose shape the user wrote.
  const isShapeMismatch = (i: Issue) => i.path.length === 0 && i.code === 'invalid_type';
  const meant = issue.errors
    .filter((errors) => errors.length > 0 && !errors.some(isShapeMismatch))
    .sort((a, b) => a.length - b.length)[0];
  if (meant) return fromZodIssues(meant, context, path);
  const expected = issue.errors.flat().flatMap((i) => (i.code === 'invalid_type' ? [noun(i.expected)] : []));
  return [
    {
      path,
      anchor: 'value',
      message: `expected ${[...new Set(expected)].join(' or ')}, got ${describeValue(input)}`,
    },
  ];
}
