import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import sharp from "sharp";
import type { Image } from "../../../por/image.js";

export const MANAGER_SECRET = new Uint8Array(32).map((_, i) => 100 + i);

export async function sha256(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

/** The frame moved by (dx, dy) pixels, edges replicated: marks painted a few pixels off. */
export function shifted(image: Image, dx: number, dy: number): Image {
  const data = new Uint8Array(image.data.length);
  const c = image.channels;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, x - dx));
      const sy = Math.min(image.height - 1, Math.max(0, y - dy));
      data.set(image.data.subarray((sy * image.width + sx) * c, (sy * image.width + sx + 1) * c), (y * image.width + x) * c);
    }
  }
  return { ...image, data };
}

/** A Gaussian blur of the frame (libvips). */
export async function blurred(image: Image, sigma: number): Promise<Image> {
  const raw = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 3 } }).blur(sigma).raw().toBuffer();
  return { ...image, data: new Uint8Array(raw) };
}
