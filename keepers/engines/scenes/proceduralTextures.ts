import { encode } from "fast-png";

/** Deterministic integer hash to [0, 1) for procedural patterns (no Math.random: scenes must be byte-identical). */
export function hash01(x: number, y: number, seed: number): number {
  let h = Math.imul(x, 374761393) ^ Math.imul(y, 668265263) ^ Math.imul(seed, 2246822519);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 8) / 16777216;
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Value noise in [0, 1) on a unit lattice; with a period, it tiles (for textures that repeat). */
export function valueNoise(x: number, y: number, seed: number, period = 0): number {
  const xi = Math.floor(x), yi = Math.floor(y);
  const fx = smooth(x - xi), fy = smooth(y - yi);
  const w = (i: number) => (period > 0 ? ((i % period) + period) % period : i);
  const a = hash01(w(xi), w(yi), seed), b = hash01(w(xi + 1), w(yi), seed);
  const c = hash01(w(xi), w(yi + 1), seed), d = hash01(w(xi + 1), w(yi + 1), seed);
  return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
}

/** Fractal sum of value noise octaves, about [0, 1). */
export function fbm(x: number, y: number, octaves: number, seed: number, period = 0): number {
  let sum = 0, amplitude = 0.5, frequency = 1, norm = 0;
  for (let o = 0; o < octaves; o++) {
    sum += amplitude * valueNoise(x * frequency, y * frequency, seed + o, period * frequency);
    norm += amplitude;
    amplitude *= 0.5;
    frequency *= 2;
  }
  return sum / norm;
}

type Rgb = readonly [number, number, number];

/** An 8-bit sRGB PNG of `size` x `size` pixels coloured by `pixel(x, y)`, written with fixed deflate settings. */
function png(size: number, pixel: (x: number, y: number) => Rgb): Uint8Array {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) data.set(pixel(x, y).map((c) => Math.round(Math.min(1, Math.max(0, c)) * 255)), (y * size + x) * 3);
  }
  return encode({ width: size, height: size, data, channels: 3, depth: 8 }, { zlib: { level: 9 } });
}

export function checkerboard(size: number, squares: number, a: Rgb, b: Rgb): Uint8Array {
  const cell = size / squares;
  return png(size, (x, y) => ((Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0 ? a : b));
}

/** Running-bond bricks with mortar lines and a little per-brick tint. */
export function bricks(size: number, rows: number, brick: Rgb, mortar: Rgb): Uint8Array {
  const h = size / rows, w = h * 2;
  return png(size, (x, y) => {
    const row = Math.floor(y / h);
    const offset = row % 2 === 0 ? 0 : w / 2;
    const column = Math.floor((x + offset) / w);
    const inX = (x + offset) % w, inY = y % h;
    if (inX < 3 || inY < 3) return mortar;
    const tint = 0.8 + 0.4 * hash01(column, row, 7);
    return [brick[0] * tint, brick[1] * tint, brick[2] * tint];
  });
}

/** Grass and rock: two colours mixed by fractal noise. */
export function groundTexture(size: number, a: Rgb, b: Rgb): Uint8Array {
  return png(size, (x, y) => {
    const t = fbm((x / size) * 16, (y / size) * 16, 4, 3, 16);
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
  });
}
