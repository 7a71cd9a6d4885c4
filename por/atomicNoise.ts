import { KeyStream } from "./keyStream.js";

/**
 * One atomic watermark w_i(x, y) = A exp(2i pi (x / X_i + y / Y_i)) (WP eq. 10), with a phase: periods in texels of
 * its M x N texture, amplitude A in (0, 1] of the texture's half range.
 */
export interface AtomicNoise {
  periodX: number;
  periodY: number;
  phase: number;
  amplitude: number;
}

export interface NoiseDistribution {
  /** Mean period mu (WP eq. 9: X_i, Y_i ~ N(mu, sigma^2)); the WP's example is N(25, 5). */
  mu: number;
  sigma: number;
}

/** Below two texels a period aliases (Nyquist): such draws are redrawn, so every period is at least this. */
export const MIN_PERIOD = 2;

/**
 * Draws n atomic noises from the task's secret (WP eq. 9): periods X_i, Y_i ~ N(mu, sigma^2) redrawn below
 * `MIN_PERIOD`, phases uniform in [0, 2 pi). Each kind of draw has its own labelled stream.
 */
export function drawAtomicNoises(
  secret: Uint8Array,
  n: number,
  distribution: NoiseDistribution,
  amplitude = 1,
): AtomicNoise[] {
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError(`n must be an integer in 1..256, got ${n}`);
  const { mu, sigma } = distribution;
  if (!(mu >= MIN_PERIOD) || !(sigma >= 0)) throw new RangeError(`invalid period distribution N(${mu}, ${sigma}^2)`);
  if (!(amplitude > 0 && amplitude <= 1)) throw new RangeError(`amplitude must be in (0, 1], got ${amplitude}`);
  const periods = new KeyStream(secret, "periods");
  const phases = new KeyStream(secret, "phases");
  const period = () => {
    for (;;) {
      const p = mu + sigma * periods.normal();
      if (p >= MIN_PERIOD) return p;
    }
  };
  return Array.from({ length: n }, () => ({
    periodX: period(),
    periodY: period(),
    phase: 2 * Math.PI * phases.uniform(),
    amplitude,
  }));
}

/**
 * The texture of an atomic noise: the real part of w_i mapped to 8-bit grey, 128 + 127 A cos(2 pi (x/X + y/Y) + phase),
 * row-major, `width x height` (WP: M = N = 512).
 */
export function renderNoiseTexture(noise: AtomicNoise, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`invalid texture size ${width}x${height}`);
  }
  const out = new Uint8Array(width * height);
  const fx = (2 * Math.PI) / noise.periodX;
  const fy = (2 * Math.PI) / noise.periodY;
  const a = 127 * noise.amplitude;
  for (let y = 0; y < height; y++) {
    const row = fy * y + noise.phase;
    for (let x = 0; x < width; x++) out[y * width + x] = Math.round(128 + a * Math.cos(fx * x + row));
  }
  return out;
}
