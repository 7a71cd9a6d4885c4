/**
 * Counter-based random numbers: every pixel sample starts from a hash of (seed, frame, x, y, sample), so its random
 * sequence depends only on those five numbers, never on which thread, tile or crop renders it. The generator is PCG's
 * 32-bit RXS-M-XS output permutation over an LCG (the "pcg_hash" of Jarzynski and Olano 2020), in 32-bit integer
 * arithmetic that JavaScript runs exactly.
 */

/** In a typed array: a module-level number above 2^30 would be boxed, allocating on every draw. */
const state = new Uint32Array(1);

export function pcgHash(input: number): number {
  const s = (Math.imul(input, 747796405) + 2891336453) >>> 0;
  const word = Math.imul((s >>> ((s >>> 28) + 4)) ^ s, 277803737);
  return ((word >>> 22) ^ word) >>> 0;
}

/** Starts the sequence of one pixel sample; (x, y) are absolute pixel coordinates of the full frame. */
export function seedSample(seed: number, frame: number, x: number, y: number, sample: number): void {
  let h = pcgHash(seed >>> 0);
  h = pcgHash((h ^ frame) >>> 0);
  h = pcgHash((h ^ x) >>> 0);
  h = pcgHash((h ^ y) >>> 0);
  state[0] = pcgHash((h ^ sample) >>> 0);
}

/** The next number of the current sample's sequence, uniform in [0, 1) with 24 bits. */
export function random(): number {
  const s = (Math.imul(state[0]!, 747796405) + 2891336453) >>> 0;
  state[0] = s;
  const word = Math.imul((s >>> ((s >>> 28) + 4)) ^ s, 277803737);
  return (((word >>> 22) ^ word) >>> 8) * (1 / 16777216);
}
