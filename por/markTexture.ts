import { renderNoiseTexture, type AtomicNoise } from "./atomicNoise.js";

/**
 * The texture a mark shows: its atomic noise (WP eq. 10) sampled every `texelsPerPixel` texels of the M x N texture,
 * one texel per pixel of the imprint (w x h, 8-bit grey, row-major). Shown with NEAREST filtering on a quad that
 * covers exactly its region, every sample of an imprint pixel reads the same texel: the imprint does not depend on
 * the samples per pixel, the seed or the denoiser, so the key can hold it exactly. A quad showing the whole 512 x 512
 * texture would average dozens of periods into each pixel and leave a flat grey patch with sampling noise.
 */
export function markTexture(noise: AtomicNoise, width: number, height: number, texelsPerPixel: number): Uint8Array {
  if (!(texelsPerPixel > 0)) throw new RangeError(`texelsPerPixel must be positive, got ${texelsPerPixel}`);
  return renderNoiseTexture({ ...noise, periodX: noise.periodX / texelsPerPixel, periodY: noise.periodY / texelsPerPixel }, width, height);
}
