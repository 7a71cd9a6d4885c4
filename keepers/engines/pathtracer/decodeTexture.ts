import sharp from "sharp";
import { EngineError } from "../engineError.js";

/** sRGB transfer function, inverted: 8-bit encoded value -> linear, as a table so decoding is one lookup per texel. */
const SRGB_TO_LINEAR = Float32Array.from({ length: 256 }, (_, i) => {
  const c = i / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

export interface DecodedImage {
  width: number;
  height: number;
  /** RGB floats; linear when decoded with `srgb`, the raw [0, 1] values otherwise (data textures). */
  texels: Float32Array;
}

function decodeRaw(bytes: Uint8Array) {
  return sharp(bytes).removeAlpha().toColourspace("srgb").raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
}

/**
 * Decodes a PNG/JPEG/WebP image embedded in or referenced by a glTF to RGB floats. sharp (libvips) reads every format
 * glTF allows and is much faster than a pure-JS decoder on large textures; its output is plain 8-bit RGB, so the
 * texels do not depend on the machine.
 */
export async function decodeTexture(bytes: Uint8Array, srgb: boolean, label: string): Promise<DecodedImage> {
  let raw: Awaited<ReturnType<typeof decodeRaw>>;
  try {
    raw = await decodeRaw(bytes);
  } catch (error) {
    throw new EngineError("SCENE_INVALID", `texture ${label} cannot be decoded: ${(error as Error).message}`, { cause: error });
  }
  const { width, height, channels } = raw.info;
  if (channels !== 3) throw new EngineError("SCENE_INVALID", `texture ${label} decoded to ${channels} channels, expected 3`);
  const texels = new Float32Array(width * height * 3);
  const data = raw.data;
  for (let i = 0; i < texels.length; i++) {
    const byte = data[i]!;
    texels[i] = srgb ? SRGB_TO_LINEAR[byte]! : byte / 255;
  }
  return { width, height, texels };
}
