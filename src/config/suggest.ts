/**
 * Edit distance with adjacent transpositions (optimal string alignment), so
 * that "intreval" is one edit away from "interval".
 */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** The candidate a typo most likely meant, if one is close enough to be worth suggesting. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const typed = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    // About one edit in three characters still reads as a typo; more is a different word.
    const allowed = Math.max(1, Math.floor(Math.max(typed.length, candidate.length) / 3));
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `unknown collector "lab2" (did you mean "lab"?)`, or the known names when none is close. */
export function unknownName(noun: string, name: string, known: readonly string[]): string {
  const suggestion = closestMatch(name, known);
  if (suggestion !== undefined) return `unknown ${noun} "${name}" (did you mean "${suggestion}"?)`;
  if (known.length === 0) return `unknown ${noun} "${name}" (none is defined)`;
  return `unknown ${noun} "${name}" (expected one of: ${known.join(', ')})`;
}
