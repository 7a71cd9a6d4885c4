/** A decoded frame: 8-bit samples, row-major, `channels` per pixel (1 grey, 3 RGB, 4 RGBA). */
export interface Image {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/**
 * Luminance (Rec. 709 weights) of every pixel as floats; alpha is ignored. The detectors work on luminance: the marks
 * are grey textures, and a forger cannot hide in a colour channel the verifier does not read.
 */
export function luminance(image: Image): Float32Array {
  const { width, height, channels, data } = image;
  if (![1, 3, 4].includes(channels)) throw new RangeError(`unsupported channel count ${channels}`);
  if (data.length !== width * height * channels) throw new RangeError("image data does not match its size");
  const out = new Float32Array(width * height);
  if (channels === 1) {
    out.set(data);
    return out;
  }
  for (let i = 0, p = 0; i < out.length; i++, p += channels) {
    out[i] = 0.2126 * data[p]! + 0.7152 * data[p + 1]! + 0.0722 * data[p + 2]!;
  }
  return out;
}
