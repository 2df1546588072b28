/*
 * Counter-based randomness: each draw is a hash of its coordinates (seed,
 * device, series, round) instead of the next value of a stream, so a value
 * never depends on what was drawn before it or on scheduling, and any run can
 * be reproduced from its seed.
 */

const TWO_POW_32 = 4_294_967_296;

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function avalanche(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds one integer into a running 32-bit hash. */
function fold(hash: number, value: number): number {
  return avalanche((hash ^ Math.imul(value | 0, 0x9e3779b1)) + 0x6d2b79f5);
}

/** A uniform 32-bit integer for the coordinates. */
export function hash4(seed: number, device: number, series: number, round: number): number {
  return fold(fold(fold(fold(0, seed), device), series), round);
}

/** A standard normal draw (Box-Muller) for the coordinates. */
export function gaussian(seed: number, device: number, series: number, round: number): number {
  const hash = hash4(seed, device, series, round);
  const u1 = (fold(hash, 1) + 1) / (TWO_POW_32 + 1); // in (0, 1): log(u1) is finite
  const u2 = fold(hash, 2) / TWO_POW_32;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
