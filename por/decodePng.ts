import { decode } from "fast-png";
import type { Image } from "./image.js";
import { PorError } from "./porError.js";

/** A PNG frame as an `Image` (8-bit grey, RGB or RGBA); 16-bit or palette PNGs are refused. Pure JavaScript (fast-png). */
export function decodePng(png: Uint8Array): Image {
  let decoded: ReturnType<typeof decode>;
  try {
    decoded = decode(png);
  } catch (error) {
    throw new PorError("IMAGE_INVALID", `not a PNG: ${(error as Error).message}`, { cause: error });
  }
  if (decoded.depth !== 8 || decoded.palette || ![1, 3, 4].includes(decoded.channels)) {
    throw new PorError("IMAGE_INVALID", `unsupported PNG layout: ${decoded.channels} channels of ${decoded.depth} bits`);
  }
  return { width: decoded.width, height: decoded.height, channels: decoded.channels, data: decoded.data as Uint8Array };
}
