import type { Crop } from "../engine.js";
import { encodeRgbPng } from "../encodePng.js";

/**
 * ACES filmic curve (Narkowicz 2015 fit): keeps highlights from clipping hard, as Blender's default view transforms
 * do, at the cost of a little contrast.
 */
function toneMap(x: number): number {
  const mapped = (x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14);
  return mapped < 0 ? 0 : mapped > 1 ? 1 : mapped;
}

function srgbEncode(linear: number): number {
  return linear <= 0.0031308 ? 12.92 * linear : 1.055 * linear ** (1 / 2.4) - 0.055;
}

/**
 * The display value, in 8-bit units before rounding (0 to 255), of linear radiance already scaled by the exposure:
 * tone mapping then the sRGB curve. Monotone, so PoR can match a mark's brightness to the pixels around it.
 */
export function displayLevel(radiance: number): number {
  return srgbEncode(toneMap(radiance > 0 ? radiance : 0)) * 255;
}

/** Turns the crop's linear radiance (from a region's buffer) into 8-bit sRGB PNG bytes (see `encodeRgbPng`). */
export function encodeFrame(radiance: Float32Array, region: Crop, crop: Crop, exposureScale: number): Uint8Array {
  const data = new Uint8Array(crop.width * crop.height * 3);
  for (let y = 0; y < crop.height; y++) {
    const source = ((crop.y - region.y + y) * region.width + (crop.x - region.x)) * 3;
    for (let i = 0; i < crop.width * 3; i++) {
      data[y * crop.width * 3 + i] = Math.round(displayLevel(radiance[source + i]! * exposureScale));
    }
  }
  return encodeRgbPng(crop.width, crop.height, data);
}
