import type { Vec3 } from "../../../por/vec3.js";
import { buildBvh } from "./buildBvh.js";
import { CAMERA_SIZE, frameSceneOf, MATERIAL_STRIDE, type FrameScene } from "./frameScene.js";
import { hit, intersectClosest, ray } from "./traceRay.js";

/**
 * Bare triangles (9 floats each: v0, v1, v2 in world space) as a frame scene the tracer's ray queries run on: its
 * BVH and its intersection code, one opaque material, no lights, textures or camera. Another engine's geometry
 * (Blender's, for PoR placement) is then hit exactly as the tracer would hit it, without a second BVH to maintain.
 */
export function buildTriangleScene(positions: Float32Array): FrameScene {
  if (positions.length % 9 !== 0) throw new RangeError(`${positions.length} floats are not whole triangles (9 floats each)`);
  const count = positions.length / 9;
  const bounds = new Float32Array(count * 6);
  const centroids = new Float32Array(count * 3);
  for (let t = 0; t < count; t++) {
    for (let k = 0; k < 3; k++) {
      const a = positions[t * 9 + k]!, b = positions[t * 9 + 3 + k]!, c = positions[t * 9 + 6 + k]!;
      bounds[t * 6 + k] = Math.min(a, b, c);
      bounds[t * 6 + 3 + k] = Math.max(a, b, c);
      centroids[t * 3 + k] = (a + b + c) / 3;
    }
  }
  const bvh = buildBvh(bounds, centroids, count);
  const triVerts = new Float32Array(count * 9);
  for (let i = 0; i < count; i++) {
    const t = bvh.order[i]!;
    for (let k = 0; k < 3; k++) {
      const v0 = positions[t * 9 + k]!;
      triVerts[i * 9 + k] = v0;
      triVerts[i * 9 + 3 + k] = positions[t * 9 + 3 + k]! - v0;
      triVerts[i * 9 + 6 + k] = positions[t * 9 + 6 + k]! - v0;
    }
  }
  return frameSceneOf({
    width: 0, height: 0, nodeBounds: bvh.nodeBounds, nodeInfo: bvh.nodeInfo, triVerts,
    triNormals: new Float32Array(0), triUvs: new Float32Array(0), triMaterial: new Int32Array(count), triLightPdf: new Float32Array(count),
    emissiveTris: new Int32Array(0), emissiveCdf: new Float64Array(0), materials: new Float32Array(MATERIAL_STRIDE),
    texels: new Float32Array(0), textureInfo: new Int32Array(0), lights: new Float32Array(0), lightCount: 0,
    camera: new Float64Array(CAMERA_SIZE), environment: new Float64Array(3), exposureScale: 1,
  });
}

/** Distance along the unit `direction` from `origin` to the first triangle of `scene`, Infinity if none. */
export function castTriangleRay(scene: FrameScene, origin: Vec3, direction: Vec3): number {
  ray.set([...origin, ...direction, Infinity, 0]);
  return intersectClosest(scene) >= 0 ? hit[0]! : Infinity;
}
