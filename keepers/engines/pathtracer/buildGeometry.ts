import type { BakedTriangles } from "./bakeTriangles.js";
import { buildBvh } from "./buildBvh.js";
import { MATERIAL_STRIDE, M_EMISSIVE, M_EMISSIVE_TEXTURE, sharedFloat32, sharedFloat64, sharedInt32, type FrameScene } from "./frameScene.js";
import { luminance, type PackedMaterials } from "./packMaterials.js";

export type Geometry = Pick<FrameScene, "nodeBounds" | "nodeInfo" | "triVerts" | "triNormals" | "triUvs" | "triMaterial" | "triLightPdf" | "emissiveTris" | "emissiveCdf">;

/** Triangle bounds and centroids, the BVH builder's input. */
function boundsOf(baked: BakedTriangles): { bounds: Float32Array; centroids: Float32Array } {
  const bounds = new Float32Array(baked.count * 6);
  const centroids = new Float32Array(baked.count * 3);
  const p = baked.positions;
  for (let t = 0; t < baked.count; t++) {
    for (let k = 0; k < 3; k++) {
      const a = p[t * 9 + k]!, b = p[t * 9 + 3 + k]!, c = p[t * 9 + 6 + k]!;
      bounds[t * 6 + k] = Math.min(a, b, c);
      bounds[t * 6 + 3 + k] = Math.max(a, b, c);
      centroids[t * 3 + k] = (a + b + c) / 3;
    }
  }
  return { bounds, centroids };
}

function triangleArea(v: Float32Array, t: number): number {
  const o = t * 9;
  const cx = v[o + 4]! * v[o + 8]! - v[o + 5]! * v[o + 7]!;
  const cy = v[o + 5]! * v[o + 6]! - v[o + 3]! * v[o + 8]!;
  const cz = v[o + 3]! * v[o + 7]! - v[o + 4]! * v[o + 6]!;
  return 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
}

/**
 * Chooses emissive triangles for light sampling in proportion to their power (area x emitted luminance), so a big
 * bright panel gets most shadow rays and a tiny dim one few. The distribution lists them in scene order, not BVH
 * order: adding objects that emit nothing (PoR marks are unlit) rebuilds the BVH but leaves every light sample, and so
 * every pixel they do not cover, as it was.
 */
function emitterDistribution(geometry: Geometry, order: Int32Array, packed: PackedMaterials): void {
  const tris: number[] = [];
  const weights: number[] = [];
  const bvhIndex = new Uint32Array(order.length);
  order.forEach((baked, i) => (bvhIndex[baked] = i));
  for (const t of bvhIndex) {
    const m = geometry.triMaterial[t]! * MATERIAL_STRIDE;
    const e = packed.materials;
    let power = luminance(e[m + M_EMISSIVE]!, e[m + M_EMISSIVE + 1]!, e[m + M_EMISSIVE + 2]!);
    const texture = e[m + M_EMISSIVE_TEXTURE]!;
    if (texture >= 0) power *= packed.textureLuminance[texture]!;
    const area = triangleArea(geometry.triVerts, t);
    if (power > 0 && area > 0) {
      tris.push(t);
      weights.push(power * area);
    }
  }
  const total = weights.reduce((a, b) => a + b, 0);
  geometry.emissiveTris = sharedInt32(tris.length);
  geometry.emissiveCdf = sharedFloat64(tris.length);
  let running = 0;
  tris.forEach((t, i) => {
    running += weights[i]!;
    geometry.emissiveTris[i] = t;
    geometry.emissiveCdf[i] = i === tris.length - 1 ? 1 : running / total;
    geometry.triLightPdf[t] = weights[i]! / total / triangleArea(geometry.triVerts, t);
  });
}

/** Builds the BVH over the baked triangles and lays them out in its leaf order, with their light distribution. */
export function buildGeometry(baked: BakedTriangles, packed: PackedMaterials): Geometry {
  const { bounds, centroids } = boundsOf(baked);
  const bvh = buildBvh(bounds, centroids, baked.count);
  const n = baked.count;
  const geometry: Geometry = {
    nodeBounds: sharedFloat32(bvh.nodeBounds.length),
    nodeInfo: sharedInt32(bvh.nodeInfo.length),
    triVerts: sharedFloat32(n * 9),
    triNormals: sharedFloat32(n * 9),
    triUvs: sharedFloat32(n * 6),
    triMaterial: sharedInt32(n),
    triLightPdf: sharedFloat32(n),
    emissiveTris: sharedInt32(0),
    emissiveCdf: sharedFloat64(0),
  };
  geometry.nodeBounds.set(bvh.nodeBounds);
  geometry.nodeInfo.set(bvh.nodeInfo);
  const p = baked.positions;
  for (let i = 0; i < n; i++) {
    const t = bvh.order[i]!;
    for (let k = 0; k < 3; k++) {
      const v0 = p[t * 9 + k]!;
      geometry.triVerts[i * 9 + k] = v0;
      geometry.triVerts[i * 9 + 3 + k] = p[t * 9 + 3 + k]! - v0;
      geometry.triVerts[i * 9 + 6 + k] = p[t * 9 + 6 + k]! - v0;
    }
    geometry.triNormals.set(baked.normals.subarray(t * 9, t * 9 + 9), i * 9);
    geometry.triUvs.set(baked.uvs.subarray(t * 6, t * 6 + 6), i * 6);
    geometry.triMaterial[i] = baked.materials[t]!;
  }
  emitterDistribution(geometry, bvh.order, packed);
  return geometry;
}
