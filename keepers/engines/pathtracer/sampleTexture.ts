import { TEXTURE_STRIDE, type FrameScene } from "./frameScene.js";
import { WRAP_CLAMP, WRAP_REPEAT } from "./sceneModel.js";

/** Texture coordinates of the next `sampleTexture` (in a typed array so the doubles are not boxed per call). */
export const textureCoord = new Float64Array(2);
/** The RGB result of the last `sampleTexture`. */
export const texel = new Float64Array(3);

function wrap(i: number, n: number, mode: number): number {
  if (mode === WRAP_REPEAT) return ((i % n) + n) % n;
  if (mode === WRAP_CLAMP) return i < 0 ? 0 : i >= n ? n - 1 : i;
  const m = ((i % (2 * n)) + 2 * n) % (2 * n);
  return m < n ? m : 2 * n - 1 - m;
}

/**
 * Bilinear sample at `textureCoord`, or the texel it falls in when the sampler asks for NEAREST. glTF puts uv (0, 0)
 * at the image's first pixel (top-left): v grows down rows.
 */
export function sampleTexture(s: FrameScene, texture: number): void {
  const u = textureCoord[0]!, v = textureCoord[1]!;
  const info = s.textureInfo, data = s.texels;
  const b = texture * TEXTURE_STRIDE;
  const offset = info[b]!, w = info[b + 1]!, h = info[b + 2]!, wrapS = info[b + 3]!, wrapT = info[b + 4]!;
  if (info[b + 5] === 1) {
    const t = offset + (wrap(Math.floor(v * h), h, wrapT) * w + wrap(Math.floor(u * w), w, wrapS)) * 3;
    texel[0] = data[t]!; texel[1] = data[t + 1]!; texel[2] = data[t + 2]!;
    return;
  }
  const x = u * w - 0.5, y = v * h - 0.5;
  const xf = Math.floor(x), yf = Math.floor(y);
  const fx = x - xf, fy = y - yf;
  const x0 = wrap(xf, w, wrapS), x1 = wrap(xf + 1, w, wrapS);
  const y0 = wrap(yf, h, wrapT), y1 = wrap(yf + 1, h, wrapT);
  const a = offset + (y0 * w + x0) * 3, bb = offset + (y0 * w + x1) * 3;
  const c = offset + (y1 * w + x0) * 3, d = offset + (y1 * w + x1) * 3;
  for (let k = 0; k < 3; k++) {
    const top = data[a + k]! + (data[bb + k]! - data[a + k]!) * fx;
    const bottom = data[c + k]! + (data[d + k]! - data[c + k]!) * fx;
    texel[k] = top + (bottom - top) * fy;
  }
}
