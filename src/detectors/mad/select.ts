/**
 * The k-th smallest of values[start, end) (k counted from start), found by
 * quickselect in place: the range is reordered. Average O(n), no allocation.
 */
export function selectInPlace(values: Float64Array, start: number, end: number, k: number): number {
  let left = start;
  let right = end - 1;
  const target = start + k;
  while (left < right) {
    const pivot = values[(left + right) >>> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) right = j;
    else if (target >= i) left = i;
    else break;
  }
  return values[target]!;
}

/** Median of values[start, end), reordering that range. */
export function medianInPlace(values: Float64Array, start: number, end: number): number {
  const n = end - start;
  const upper = selectInPlace(values, start, end, n >> 1);
  if (n % 2 === 1) return upper;
  // After selecting the upper middle, the lower middle is the largest value to its left.
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = start; i < start + (n >> 1); i++) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}
