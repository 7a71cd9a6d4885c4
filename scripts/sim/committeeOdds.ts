/**
 * The chance that a committee drawn by `JobMarket` gives an attacker the signatures it needs. The market seats k
 * distinct live verifiers, each draw uniform over the live set (`_draw`: a verifier already seated is skipped), so the
 * number of the attacker's seats is hypergeometric: N live verifiers of which K are the attacker's, k seats.
 */

/** P(at least `threshold` of `seats` seats go to the attacker's `owned` of `total` verifiers), exactly. */
export function captureProbability(total: number, owned: number, seats: number, threshold: number): number {
  if (!Number.isInteger(total) || !Number.isInteger(owned) || owned < 0 || owned > total || seats > total || seats < 1) {
    throw new RangeError(`need 0 <= owned <= total and 1 <= seats <= total; got total ${total}, owned ${owned}, seats ${seats}`);
  }
  let p = 0;
  for (let x = threshold; x <= seats; x++) p += hypergeometric(total, owned, seats, x);
  return Math.min(1, p);
}

/** P(X = x) for X ~ Hypergeometric(N, K, n), as a product of ratios (no factorial overflows for N in the millions). */
function hypergeometric(N: number, K: number, n: number, x: number): number {
  if (x > K || n - x > N - K || x < 0) return 0;
  // C(n, x) x [K (K-1) ... (K-x+1)] x [(N-K) ... (N-K-(n-x)+1)] / [N (N-1) ... (N-n+1)]
  let p = binomial(n, x);
  let drawn = 0;
  for (let i = 0; i < x; i++) p *= (K - i) / (N - drawn++);
  for (let i = 0; i < n - x; i++) p *= (N - K - i) / (N - drawn++);
  return p;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** The strict majority the parameter registry requires of a committee of `seats` (its smallest allowed threshold). */
export function majorityOf(seats: number): number {
  return Math.floor(seats / 2) + 1;
}
