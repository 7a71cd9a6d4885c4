import type { Image } from "./image.js";

/**
 * Peak signal-to-noise ratio of `b` against `a` in dB, over every 8-bit sample (WP §II "fidelity": the distortion the
 * marks add to a frame); Infinity for identical images.
 */
export function psnr(a: Image, b: Image): number {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) throw new RangeError("images differ in size or layout");
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += (a.data[i]! - b.data[i]!) ** 2;
  const mse = sum / a.data.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}
