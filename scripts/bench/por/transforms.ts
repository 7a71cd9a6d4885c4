import sharp, { type Sharp } from "sharp";
import type { Image } from "../../../por/image.js";

/** The frame moved by (dx, dy) pixels, edges replicated: the marks painted a few pixels off their places. */
export function shifted(image: Image, dx: number, dy: number): Image {
  const data = new Uint8Array(image.data.length);
  const c = image.channels;
  for (let y = 0; y < image.height; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, y - dy));
    for (let x = 0; x < image.width; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, x - dx));
      data.set(image.data.subarray((sy * image.width + sx) * c, (sy * image.width + sx + 1) * c), (y * image.width + x) * c);
    }
  }
  return { ...image, data };
}

const raw = (image: Image) => sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 3 } });

async function back(pipeline: Sharp, like: Image): Promise<Image> {
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== like.width || info.height !== like.height || info.channels !== like.channels) throw new Error("a transform changed the frame's layout");
  return { ...like, data: new Uint8Array(data) };
}

/** A Gaussian blur (libvips). */
export function blurred(image: Image, sigma: number): Promise<Image> {
  return back(raw(image).blur(sigma), image);
}

/** The frame saved as JPEG and decoded again (libjpeg through libvips), chroma subsampled 4:2:0 or kept 4:4:4. */
export async function jpegReencoded(image: Image, quality: number, chroma: "4:2:0" | "4:4:4"): Promise<Image> {
  const jpeg = await raw(image).jpeg({ quality, chromaSubsampling: chroma }).toBuffer();
  return back(sharp(jpeg), image);
}

/** A small deterministic generator (mulberry32): the same noise on every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian noise of standard deviation `sigma` (8-bit levels) added to every channel, rounded and clamped. */
export function noisy(image: Image, sigma: number, seed: number): Image {
  const next = generator(seed);
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    data[i] = Math.min(255, Math.max(0, Math.round(image.data[i]! + sigma * g)));
  }
  return { ...image, data };
}
