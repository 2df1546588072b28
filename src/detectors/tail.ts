/**
 * Upper-tail probability of the standard normal, P(Z > z), with a relative
 * error below 1.2e-7 over the whole range (Chebyshev fit of erfc), so deep
 * tails such as 1e-9 are still resolved; simple-statistics' table stops at
 * about 1e-4.
 */
export function normalTail(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const erfc = t * Math.exp(erfcExponent(x, t));
  return x >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * log P(|Z| > |z|), the log of the two-sided tail, from the same fit: since
 * erfc(x) = t·exp(exponent), its log needs one log and no exp, and it does
 * not underflow in deep tails. At most 0 (the fit exceeds 1 by 3e-8 at z = 0).
 */
export function logTwoSidedTail(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  return Math.min(0, Math.log(t) + erfcExponent(x, t));
}

/** The Chebyshev fit of erfc(|x|) = t·exp(exponent), t = 1 / (1 + |x|/2) (Numerical Recipes' erfcc). */
function erfcExponent(x: number, t: number): number {
  return (
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  );
}
