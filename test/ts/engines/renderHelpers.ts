import { decode } from "fast-png";
import type { RenderOptions } from "../../../keepers/engines/engine.js";

/** Small, quick settings for tests: 32 x 18 pixels, a few samples, in-process. */
export function tinyOptions(overrides: Partial<RenderOptions> = {}): RenderOptions {
  return { frames: [0], samples: 4, seed: 7, bounces: 3, denoise: false, threads: 1, resolution: { width: 32, height: 18 }, ...overrides };
}

/** The RGB bytes of a PNG. */
export function pixels(png: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const image = decode(png);
  if (image.channels !== 3 || image.depth !== 8) throw new Error(`unexpected PNG layout ${image.channels}x${image.depth}`);
  return { width: image.width, height: image.height, data: image.data as Uint8Array };
}

/** The rectangle of an RGB image. */
export function cropPixels(image: { width: number; data: Uint8Array }, x: number, y: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let row = 0; row < height; row++) {
    out.set(image.data.subarray(((y + row) * image.width + x) * 3, ((y + row) * image.width + x + width) * 3), row * width * 3);
  }
  return out;
}

/** Mean absolute difference of two same-size 8-bit images, in 0..255 units. */
export function meanAbsoluteError(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error("images differ in size");
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** The chunk types of a PNG file, in order. */
export function pngChunks(png: Uint8Array): string[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const types: string[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = view.getUint32(offset);
    types.push(String.fromCharCode(...png.subarray(offset + 4, offset + 8)));
    offset += 12 + length;
  }
  return types;
}
