import { decode } from "fast-png";
import type { Resolution } from "../engine.js";
import { EngineError } from "../engineError.js";
import { encodeRgbPng } from "../encodePng.js";

/**
 * Blender's PNG of a frame, re-encoded as every engine's frames are: its own PNGs carry the render date and time, so
 * the same pixels would give other bytes on every run. Checks the size too: a crop Blender rounded to other pixels
 * must not pass for the requested rectangle.
 */
export function normalizePng(bytes: Uint8Array, expected: Resolution, what: string): Uint8Array {
  let image: ReturnType<typeof decode>;
  try {
    image = decode(bytes);
  } catch (error) {
    throw new EngineError("ENGINE_CRASH", `${what}: Blender wrote an unreadable PNG`, { cause: error });
  }
  if (image.width !== expected.width || image.height !== expected.height) {
    throw new EngineError("ENGINE_CRASH", `${what}: Blender rendered ${image.width}x${image.height}, expected ${expected.width}x${expected.height}`);
  }
  if (image.depth !== 8 || image.channels !== 3) {
    throw new EngineError("ENGINE_CRASH", `${what}: Blender wrote ${image.channels} channels of ${image.depth} bits, expected 8-bit RGB`);
  }
  return encodeRgbPng(image.width, image.height, image.data as Uint8Array);
}
