/**
 * Glob patterns as rules use them: `*` matches any run of characters (also an
 * empty one), `?` exactly one character; everything else matches itself, case
 * sensitive. There is no escape for a literal `*` or `?`.
 */
export type GlobMatcher = (text: string) => boolean;

const REGEX_SYNTAX = /[.+^${}()|[\]\\/]/g;

export function compileGlob(pattern: string): GlobMatcher {
  if (pattern === '*') return () => true;
  if (!pattern.includes('*') && !pattern.includes('?')) return (text) => text === pattern;
  const source = pattern.replace(REGEX_SYNTAX, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  // `s`: `.` also matches line breaks; `u`: `?` matches one code point, not half of a surrogate pair.
  const regex = new RegExp(`^${source}$`, 'su');
  return (text) => regex.test(text);
}
