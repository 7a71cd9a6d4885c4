import type { Crop, Resolution } from "../engine.js";
import type { RenderBuffers } from "./renderRows.js";

/** B3-spline taps of the à-trous wavelet (Dammertz et al. 2010). */
const KERNEL = [1 / 16, 1 / 4, 3 / 8, 1 / 4, 1 / 16] as const;
const ITERATIONS = 5;
const SIGMA_COLOR = 0.5;
const SIGMA_NORMAL = 0.3;
const SIGMA_ALBEDO = 0.1;

/**
 * How far a pixel's denoised value reaches: iteration i reads taps 2 * 2^i away, so 2 * (1 + 2 + 4 + 8 + 16). A crop
 * rendered with this margin around it (clamped to the frame) denoises to exactly the crop of the denoised frame.
 */
export const DENOISE_MARGIN = 2 * (2 ** ITERATIONS - 1);

/** Compresses HDR radiance so the colour edge-stop compares what a viewer sees, not raw energy. */
function compress(x: number): number {
  return x / (1 + x);
}

/** One à-trous pass with taps `step` apart, edge-stopped by colour, normal and albedo. */
function pass(input: Float32Array, output: Float32Array, buffers: RenderBuffers, region: Crop, frame: Resolution, step: number, sigmaColor: number): void {
  const { width, height } = region;
  const { albedo, normal } = buffers;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      let sr = 0, sg = 0, sb = 0, sw = 0;
      for (let j = -2; j <= 2; j++) {
        const qy = y + j * step;
        const fy = region.y + qy;
        // Taps outside the frame do not exist; taps outside the region only matter for pixels outside the crop.
        if (fy < 0 || fy >= frame.height || qy < 0 || qy >= height) continue;
        for (let i = -2; i <= 2; i++) {
          const qx = x + i * step;
          const fx = region.x + qx;
          if (fx < 0 || fx >= frame.width || qx < 0 || qx >= width) continue;
          const q = (qy * width + qx) * 3;
          let dc = 0, dn = 0, da = 0;
          for (let k = 0; k < 3; k++) {
            const c = compress(input[p + k]!) - compress(input[q + k]!);
            const n = normal[p + k]! - normal[q + k]!;
            const a = albedo[p + k]! - albedo[q + k]!;
            dc += c * c; dn += n * n; da += a * a;
          }
          const w = KERNEL[i + 2]! * KERNEL[j + 2]! * Math.exp(-dc / sigmaColor - dn / (SIGMA_NORMAL * SIGMA_NORMAL) - da / (SIGMA_ALBEDO * SIGMA_ALBEDO));
          sr += input[q]! * w; sg += input[q + 1]! * w; sb += input[q + 2]! * w; sw += w;
        }
      }
      output[p] = sr / sw; output[p + 1] = sg / sw; output[p + 2] = sb / sw;
    }
  }
}

/**
 * Edge-avoiding à-trous denoising of a rendered region. The radiance is divided by the first-hit albedo first and
 * multiplied back after, so textures stay sharp and only the lighting is smoothed. Every weight depends on the pixels
 * alone (no image-wide statistics), which keeps a denoised crop equal to the crop of the denoised frame.
 */
export function denoiseImage(buffers: RenderBuffers, region: Crop, frame: Resolution): Float32Array {
  const { color, albedo } = buffers;
  let current = new Float32Array(color.length);
  for (let p = 0; p < color.length; p++) current[p] = color[p]! / Math.max(albedo[p]!, 0.01);
  let next = new Float32Array(color.length);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    pass(current, next, buffers, region, frame, 1 << iteration, (SIGMA_COLOR * SIGMA_COLOR) / 2 ** iteration);
    [current, next] = [next, current];
  }
  for (let p = 0; p < color.length; p++) current[p] = current[p]! * Math.max(albedo[p]!, 0.01);
  return current;
}
