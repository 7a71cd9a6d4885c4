import { encode } from "fast-png";

/**
 * 8-bit RGB pixels as PNG bytes. fast-png writes only IHDR, IDAT and IEND (no time, no software name) and deflates
 * with fflate, pure JavaScript: the same pixels give the same bytes on every machine, which native zlib builds (with
 * CPU-specific fast paths) do not promise. Every engine's frames go through here, so their bytes compare.
 */
export function encodeRgbPng(width: number, height: number, data: Uint8Array): Uint8Array {
  return encode({ width, height, data, channels: 3, depth: 8 }, { zlib: { level: 6 } });
}
