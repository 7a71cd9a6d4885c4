import type { LoadedScene, Quat, SceneChannel, Vec3 } from "./sceneModel.js";

export interface NodePose {
  translation: Vec3;
  rotation: Quat;
  scale: Vec3;
}

/** Index of the last key at or before `time` (clamped to the first key). */
function keyBefore(times: Float32Array, time: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function normalizeQuat(q: number[]): void {
  const length = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!) || 1;
  for (let i = 0; i < 4; i++) q[i] = q[i]! / length;
}

/** Spherical interpolation along the shorter arc, as the glTF spec asks of LINEAR rotations. */
function slerp(values: Float32Array, a: number, b: number, s: number, out: number[]): void {
  let dot = 0;
  for (let i = 0; i < 4; i++) dot += values[a + i]! * values[b + i]!;
  const sign = dot < 0 ? -1 : 1;
  dot *= sign;
  let wa = 1 - s;
  let wb = s;
  if (dot < 0.9995) {
    const theta = Math.acos(dot);
    const sinTheta = Math.sin(theta);
    wa = Math.sin((1 - s) * theta) / sinTheta;
    wb = Math.sin(s * theta) / sinTheta;
  }
  for (let i = 0; i < 4; i++) out[i] = wa * values[a + i]! + wb * sign * values[b + i]!;
  normalizeQuat(out);
}

/** The channel's value at `time` (keys hold it before the first and after the last). */
export function sampleChannel(channel: SceneChannel, time: number): number[] {
  const { times, values, interpolation } = channel;
  const width = channel.path === "rotation" ? 4 : 3;
  const stride = interpolation === "CUBICSPLINE" ? width * 3 : width;
  const valueAt = interpolation === "CUBICSPLINE" ? width : 0; // skip the in-tangent
  const k = keyBefore(times, time);
  const out = new Array<number>(width);
  const last = times.length - 1;
  if (time <= times[0]! || k === last || interpolation === "STEP") {
    for (let i = 0; i < width; i++) out[i] = values[k * stride + valueAt + i]!;
    return out;
  }
  const dt = times[k + 1]! - times[k]!;
  const s = (time - times[k]!) / dt;
  if (interpolation === "LINEAR") {
    if (width === 4) slerp(values, k * stride, (k + 1) * stride, s, out);
    else for (let i = 0; i < width; i++) out[i] = values[k * stride + i]! * (1 - s) + values[(k + 1) * stride + i]! * s;
    return out;
  }
  // CUBICSPLINE: Hermite with the glTF tangent layout (out-tangent of k, in-tangent of k + 1, both scaled by dt).
  const s2 = s * s;
  const s3 = s2 * s;
  for (let i = 0; i < width; i++) {
    const p0 = values[k * stride + width + i]!;
    const m0 = values[k * stride + 2 * width + i]! * dt;
    const p1 = values[(k + 1) * stride + width + i]!;
    const m1 = values[(k + 1) * stride + i]! * dt;
    out[i] = (2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * p1 + (s3 - s2) * m1;
  }
  if (width === 4) normalizeQuat(out);
  return out;
}

/** Every node's local transform at `time` seconds: its rest pose with the animated channels applied. */
export function sampleAnimation(scene: LoadedScene, time: number): NodePose[] {
  const poses: NodePose[] = scene.nodes.map((node) => ({
    translation: [...node.translation],
    rotation: [...node.rotation],
    scale: [...node.scale],
  }));
  for (const channel of scene.channels) {
    const pose = poses[channel.node]!;
    const value = sampleChannel(channel, time);
    if (channel.path === "rotation") pose.rotation = value as Quat;
    else pose[channel.path] = value as Vec3;
  }
  return poses;
}

/** Nodes whose world transform an animation changes: the animated ones and all their descendants. */
export function animatedNodes(scene: LoadedScene): boolean[] {
  const animated = scene.nodes.map(() => false);
  for (const channel of scene.channels) animated[channel.node] = true;
  scene.nodes.forEach((node, i) => {
    if (node.parent >= 0 && animated[node.parent]) animated[i] = true;
  });
  return animated;
}
