/** log P[X = k] for X ~ Binomial(n, p), 0 < p < 1, by summing log C(n, k) term by term. */
function logPmf(n: number, k: number, p: number): number {
  let logChoose = 0;
  for (let i = 0; i < Math.min(k, n - k); i++) logChoose += Math.log(n - i) - Math.log(i + 1);
  return logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/** sum of P[X = k] for k in [from, to], walking the pmf's ratio from k = from (no term recomputed). */
function pmfSum(n: number, from: number, to: number, p: number): number {
  if (p <= 0) return from <= 0 ? 1 : 0;
  if (p >= 1) return to >= n ? 1 : 0;
  let log = logPmf(n, from, p);
  const odds = Math.log(p) - Math.log1p(-p);
  let sum = 0;
  for (let k = from; k <= to; k++) {
    sum += Math.exp(log);
    log += Math.log(n - k) - Math.log(k + 1) + odds;
  }
  return Math.min(1, sum);
}

/** P[X >= m] for X ~ Binomial(n, p). */
export function binomialTail(n: number, m: number, p: number): number {
  if (m <= 0) return 1;
  if (m > n) return 0;
  return pmfSum(n, m, n, p);
}

/**
 * The exact (Clopper-Pearson) upper confidence bound on a rate from `successes` out of `trials`: the p at which
 * seeing so few successes has probability 1 - confidence. With no success in N trials at 99.9% it is about 6.9 / N.
 */
export function binomialUpperBound(successes: number, trials: number, confidence: number): number {
  if (!(trials > 0) || successes < 0 || successes > trials || !Number.isInteger(successes)) throw new RangeError(`invalid rate ${successes} / ${trials}`);
  if (successes === trials) return 1;
  const alpha = 1 - confidence;
  let lo = successes / trials;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (pmfSum(trials, 0, successes, mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}
