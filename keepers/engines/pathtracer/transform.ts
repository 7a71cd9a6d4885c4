import type { NodePose } from "./sampleAnimation.js";

/** Column-major 4x4 matrices, as glTF stores them. */
export type Mat4 = Float64Array;

export function composeMatrix({ translation: t, rotation: q, scale: s }: NodePose): Mat4 {
  const [x, y, z, w] = q;
  const m = new Float64Array(16);
  m[0] = (1 - 2 * (y * y + z * z)) * s[0];
  m[1] = 2 * (x * y + z * w) * s[0];
  m[2] = 2 * (x * z - y * w) * s[0];
  m[4] = 2 * (x * y - z * w) * s[1];
  m[5] = (1 - 2 * (x * x + z * z)) * s[1];
  m[6] = 2 * (y * z + x * w) * s[1];
  m[8] = 2 * (x * z + y * w) * s[2];
  m[9] = 2 * (y * z - x * w) * s[2];
  m[10] = (1 - 2 * (x * x + y * y)) * s[2];
  m[12] = t[0];
  m[13] = t[1];
  m[14] = t[2];
  m[15] = 1;
  return m;
}

export function multiply(a: Mat4, b: Mat4): Mat4 {
  const out = new Float64Array(16);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      out[c * 4 + r] = a[r]! * b[c * 4]! + a[4 + r]! * b[c * 4 + 1]! + a[8 + r]! * b[c * 4 + 2]! + a[12 + r]! * b[c * 4 + 3]!;
    }
  }
  return out;
}

/** World matrices of all nodes (parents come first in the list, so one pass suffices). */
export function worldMatrices(poses: readonly NodePose[], parents: readonly number[]): Mat4[] {
  const world: Mat4[] = [];
  poses.forEach((pose, i) => {
    const local = composeMatrix(pose);
    const parent = parents[i]!;
    world.push(parent >= 0 ? multiply(world[parent]!, local) : local);
  });
  return world;
}

/**
 * The inverse transpose of the upper 3x3 (for normals), row-major, up to a positive factor: the cofactor matrix times
 * the determinant's sign. Normals are renormalised after, so the magnitude does not matter; the sign does (mirrors).
 */
export function normalMatrix(m: Mat4): Float64Array {
  // M = [[a d g], [b e h], [c f i]] in rows (glTF stores columns).
  const a = m[0]!, b = m[1]!, c = m[2]!, d = m[4]!, e = m[5]!, f = m[6]!, g = m[8]!, h = m[9]!, i = m[10]!;
  const sign = determinant3(m) < 0 ? -1 : 1;
  const cofactors = [e * i - h * f, h * c - b * i, b * f - e * c, g * f - d * i, a * i - g * c, d * c - a * f, d * h - g * e, g * b - a * h, a * e - d * b];
  return Float64Array.from(cofactors, (x) => x * sign);
}

export function determinant3(m: Mat4): number {
  return m[0]! * (m[5]! * m[10]! - m[6]! * m[9]!) - m[4]! * (m[1]! * m[10]! - m[2]! * m[9]!) + m[8]! * (m[1]! * m[6]! - m[2]! * m[5]!);
}
