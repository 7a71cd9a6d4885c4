import { luminance, type Image } from "./image.js";

export interface SpreadingOptions {
  /** Side of the window the local statistics are taken over (about a mark's enveloping region). */
  window: number;
  /** Pixels from the frame's edge where no region centre may fall (a mark's envelope must stay inside the frame). */
  border: number;
  /** Areas brighter than this mean display luminance (0-255) get no marks: the engine cannot match a mark to them. */
  maxBackground: number;
}

/**
 * Adaptive noise spreading (WP §III-C), kept simple: a weight per pixel, as a candidate mark centre, from a cheap
 * preview of the unmarked frame. The WP places marks in perceptually significant, high-energy regions, where a
 * renderer's enhancements (denoising, anti-aliasing) cannot wipe them out; textured areas also mask a small
 * rectangle from the eye. So the weight grows with the local mean luminance mu (energy) and the local standard
 * deviation sigma (texture): (0.25 + mu / 255) (1 + sigma / 16), over a window about the size of the mark's envelope.
 * Flat black areas keep a quarter of the weight of bright ones (a mark there is weak, not impossible).
 */
export function spreadingWeights(preview: Image, options: SpreadingOptions): Float64Array {
  const { width, height } = preview;
  const lum = luminance(preview);
  // Integral images of luminance and its square: every window's mean and variance in O(1).
  const stride = width + 1;
  const sum = new Float64Array(stride * (height + 1));
  const squares = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    let rowSquares = 0;
    for (let x = 0; x < width; x++) {
      const l = lum[y * width + x]!;
      row += l;
      rowSquares += l * l;
      sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1]! + row;
      squares[(y + 1) * stride + x + 1] = squares[y * stride + x + 1]! + rowSquares;
    }
  }
  const weights = new Float64Array(width * height);
  const half = Math.floor(options.window / 2);
  const b = options.border;
  for (let y = b; y < height - b; y++) {
    for (let x = b; x < width - b; x++) {
      const x0 = Math.max(0, x - half), x1 = Math.min(width, x + half + 1);
      const y0 = Math.max(0, y - half), y1 = Math.min(height, y + half + 1);
      const area = (x1 - x0) * (y1 - y0);
      const a = y1 * stride + x1, b = y0 * stride + x1, c = y1 * stride + x0, d = y0 * stride + x0;
      const mean = (sum[a]! - sum[b]! - sum[c]! + sum[d]!) / area;
      const sigma = Math.sqrt(Math.max(0, (squares[a]! - squares[b]! - squares[c]! + squares[d]!) / area - mean * mean));
      if (mean > options.maxBackground) continue;
      weights[y * width + x] = (0.25 + mean / 255) * (1 + sigma / 16);
    }
  }
  return weights;
}

/** Cumulative weights, normalised to end at 1 (null when every weight is 0). */
export function cumulative(weights: Float64Array): Float64Array | null {
  const cdf = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) cdf[i] = total += weights[i]!;
  if (!(total > 0)) return null;
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / total;
  return cdf;
}

/** The index whose cumulative interval holds u in [0, 1). */
export function pick(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
