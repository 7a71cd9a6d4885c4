import { describe, expect, it } from "vitest";
import type { BakedTriangles } from "../../../keepers/engines/pathtracer/bakeTriangles.js";
import { buildGeometry } from "../../../keepers/engines/pathtracer/buildGeometry.js";
import { MATERIAL_STRIDE, type FrameScene } from "../../../keepers/engines/pathtracer/frameScene.js";
import { hit, intersectAny, intersectClosest, ray } from "../../../keepers/engines/pathtracer/traceRay.js";

/** Deterministic uniform numbers for the test's random soup. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Closest hit by testing every triangle: what the BVH must agree with. */
function bruteForce(s: FrameScene, count: number): { tri: number; t: number } {
  let best = { tri: -1, t: Infinity };
  const [ox, oy, oz, dx, dy, dz] = ray;
  for (let tri = 0; tri < count; tri++) {
    const v = s.triVerts.subarray(tri * 9, tri * 9 + 9);
    const [v0x, v0y, v0z, e1x, e1y, e1z, e2x, e2y, e2z] = v as unknown as number[];
    const px = dy! * e2z! - dz! * e2y!, py = dz! * e2x! - dx! * e2z!, pz = dx! * e2y! - dy! * e2x!;
    const det = e1x! * px + e1y! * py + e1z! * pz;
    if (det === 0) continue;
    const sx = ox! - v0x!, sy = oy! - v0y!, sz = oz! - v0z!;
    const u = (sx * px + sy * py + sz * pz) / det;
    const qx = sy * e1z! - sz * e1y!, qy = sz * e1x! - sx * e1z!, qz = sx * e1y! - sy * e1x!;
    const w = (dx! * qx + dy! * qy + dz! * qz) / det;
    const t = (e2x! * qx + e2y! * qy + e2z! * qz) / det;
    if (u >= 0 && w >= 0 && u + w <= 1 && t > 0 && t < best.t) best = { tri, t };
  }
  return best;
}

describe("BVH ray queries", () => {
  it("find the same closest hit as testing every triangle, and agree on occlusion", () => {
    const random = generator(42);
    const count = 3000;
    const baked: BakedTriangles = {
      count,
      positions: new Float32Array(count * 9),
      normals: new Float32Array(count * 9),
      uvs: new Float32Array(count * 6),
      materials: new Int32Array(count),
    };
    for (let t = 0; t < count; t++) {
      const c = [random() * 20 - 10, random() * 20 - 10, random() * 20 - 10];
      for (let k = 0; k < 9; k++) baked.positions[t * 9 + k] = c[k % 3]! + random() * 1.5 - 0.75;
    }
    const materials = { materials: new Float32Array(MATERIAL_STRIDE), texels: new Float32Array(0), textureInfo: new Int32Array(0), textureLuminance: [] };
    const scene = { ...buildGeometry(baked, materials), materials: materials.materials } as unknown as FrameScene;
    let hits = 0;
    for (let i = 0; i < 5000; i++) {
      const d = [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1];
      const length = Math.hypot(...d);
      ray.set([random() * 24 - 12, random() * 24 - 12, random() * 24 - 12, d[0]! / length, d[1]! / length, d[2]! / length, Infinity]);
      const expected = bruteForce(scene, count);
      const tri = intersectClosest(scene);
      expect(tri >= 0 ? hit[0] : Infinity).toBeCloseTo(expected.t, 9);
      if (tri < 0) continue;
      hits++;
      ray[6] = expected.t * 1.001;
      expect(intersectAny(scene)).toBe(true);
      ray[6] = expected.t * 0.999;
      expect(intersectAny(scene)).toBe(false);
    }
    expect(hits).toBeGreaterThan(1000);
  });
});
