import { cross, normalize, type Vec3 } from "./vec3.js";

/**
 * The unit quaternion (x, y, z, w) of the rotation taking the local x and y axes to the directions of `axisX` and
 * `axisY` (assumed orthogonal), z following by the right-hand rule. Shepperd's method: stable for every rotation.
 */
export function quaternionFromAxes(axisX: Vec3, axisY: Vec3): [number, number, number, number] {
  const [m00, m10, m20] = normalize(axisX);
  const [m01, m11, m21] = normalize(axisY);
  const [m02, m12, m22] = normalize(cross(normalize(axisX), normalize(axisY)));
  const trace = m00 + m11 + m22;
  if (trace > 0) {
    const s = 0.5 / Math.sqrt(trace + 1);
    return [(m21 - m12) * s, (m02 - m20) * s, (m10 - m01) * s, 0.25 / s];
  }
  if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    return [0.25 * s, (m01 + m10) / s, (m02 + m20) / s, (m21 - m12) / s];
  }
  if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    return [(m01 + m10) / s, 0.25 * s, (m12 + m21) / s, (m02 - m20) / s];
  }
  const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
  return [(m02 + m20) / s, (m12 + m21) / s, 0.25 * s, (m10 - m01) / s];
}
