import type { Image } from "./image.js";
import { PorError } from "./porError.js";
import type { Region } from "./taskKey.js";

export interface CropComparison {
  /** Every channel of every pixel within `tolerance`. */
  matches: boolean;
  /** Pixels with a channel differing by more than the tolerance, and the largest difference seen. */
  differingPixels: number;
  maxDifference: number;
}

/**
 * Compares `crop` of a submitted full frame with the same rectangle rendered again on its own (`rendered` is just
 * the crop). The built-in tracer renders a crop bit-identical to the full frame, so its spot checks use tolerance 0;
 * an engine that only promises close pixels passes a larger one.
 */
export function compareCrop(submitted: Image, crop: Region, rendered: Image, tolerance = 0): CropComparison {
  const w = crop.x1 - crop.x0;
  const h = crop.y1 - crop.y0;
  if (rendered.width !== w || rendered.height !== h) throw new PorError("IMAGE_INVALID", `the re-rendered crop is ${rendered.width}x${rendered.height}, expected ${w}x${h}`);
  if (crop.x0 < 0 || crop.y0 < 0 || crop.x1 > submitted.width || crop.y1 > submitted.height) {
    throw new PorError("IMAGE_INVALID", `the crop is outside the submitted ${submitted.width}x${submitted.height} frame`);
  }
  const channels = Math.min(3, submitted.channels, rendered.channels);
  let differingPixels = 0;
  let maxDifference = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = ((crop.y0 + y) * submitted.width + crop.x0 + x) * submitted.channels;
      const r = (y * w + x) * rendered.channels;
      let worst = 0;
      for (let c = 0; c < channels; c++) worst = Math.max(worst, Math.abs(submitted.data[s + c]! - rendered.data[r + c]!));
      if (submitted.channels !== rendered.channels) worst = Math.max(worst, 255); // grey against colour never matches
      if (worst > tolerance) differingPixels++;
      maxDifference = Math.max(maxDifference, worst);
    }
  }
  return { matches: differingPixels === 0, differingPixels, maxDifference };
}
