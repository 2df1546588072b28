/** One thing wrong with a config file, placed where the user has to look. */
export interface ConfigIssue {
  file: string;
  /** 1-based; 0 when the issue concerns the whole file (it could not be read). */
  line: number;
  column: number;
  /** Dotted key path with list indexes as `[n]`, such as `collectors.lab.anomalies[0].at`; empty for the root. */
  path: string;
  message: string;
}

/** Thrown by the loader with every issue of the file; nothing partial is ever returned. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** `examples/x.yaml:12:5: collectors.lab.interval: expected a duration ...` */
export function formatIssue(issue: ConfigIssue): string {
  const place = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.path ? `${place}: ${issue.path}: ${issue.message}` : `${place}: ${issue.message}`;
}

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/**
 * Where in the source an issue points: at the value of its path, at the key
 * itself (unknown or duplicate keys), or at the object that holds the path
 * (missing keys, which have no position of their own).
 */
export type Anchor = 'value' | 'key' | 'parent';

/** An issue found in the data, before it is placed in the source. */
export interface DataIssue {
  readonly path: Path;
  readonly anchor: Anchor;
  readonly message: string;
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

export function formatPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** Describes a value from the file in a message: short, and never a whole structure. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

/** Why a file could not be read, without the stack or the full system message. */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return String(error);
  return READ_ERRORS[code] ?? code;
}
