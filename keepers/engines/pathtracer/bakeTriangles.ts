import type { LoadedScene } from "./sceneModel.js";
import { determinant3, normalMatrix, type Mat4 } from "./transform.js";

/** Every triangle of every mesh instance in world space, in scene order (before the BVH reorders them). */
export interface BakedTriangles {
  count: number;
  /** 9 floats per triangle: v0, v1, v2. */
  positions: Float32Array;
  /** 9 floats per triangle: unit normals (the face normal where the mesh has none). */
  normals: Float32Array;
  uvs: Float32Array;
  materials: Int32Array;
}

export function countTriangles(scene: LoadedScene): number {
  return scene.nodes.reduce((sum, node) => sum + (node.mesh >= 0 ? scene.meshes[node.mesh]!.triangles : 0), 0);
}

function transformPoint(m: Mat4, p: Float32Array, i: number, out: Float32Array, o: number): void {
  const x = p[i]!, y = p[i + 1]!, z = p[i + 2]!;
  out[o] = m[0]! * x + m[4]! * y + m[8]! * z + m[12]!;
  out[o + 1] = m[1]! * x + m[5]! * y + m[9]! * z + m[13]!;
  out[o + 2] = m[2]! * x + m[6]! * y + m[10]! * z + m[14]!;
}

function transformNormal(n: Float64Array, src: Float32Array, i: number, out: Float32Array, o: number): void {
  const x = src[i]!, y = src[i + 1]!, z = src[i + 2]!;
  const nx = n[0]! * x + n[1]! * y + n[2]! * z;
  const ny = n[3]! * x + n[4]! * y + n[5]! * z;
  const nz = n[6]! * x + n[7]! * y + n[8]! * z;
  const length = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
  out[o] = nx / length;
  out[o + 1] = ny / length;
  out[o + 2] = nz / length;
}

/** The unit face normal of triangle `t` of `positions` (counter-clockwise front), written to all three vertices. */
function faceNormal(positions: Float32Array, t: number, out: Float32Array): void {
  const p = t * 9;
  const ax = positions[p + 3]! - positions[p]!, ay = positions[p + 4]! - positions[p + 1]!, az = positions[p + 5]! - positions[p + 2]!;
  const bx = positions[p + 6]! - positions[p]!, by = positions[p + 7]! - positions[p + 1]!, bz = positions[p + 8]! - positions[p + 2]!;
  const nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
  const length = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
  for (let v = 0; v < 3; v++) out.set([nx / length, ny / length, nz / length], p + v * 3);
}

/**
 * Transforms every mesh instance into world space. A mirroring transform (negative determinant) turns the winding
 * around, so its triangles are written v0, v2, v1 to keep counter-clockwise as the front face.
 */
export function bakeTriangles(scene: LoadedScene, world: readonly Mat4[]): BakedTriangles {
  const count = countTriangles(scene);
  const baked: BakedTriangles = {
    count,
    positions: new Float32Array(count * 9),
    normals: new Float32Array(count * 9),
    uvs: new Float32Array(count * 6),
    materials: new Int32Array(count),
  };
  let t = 0;
  scene.nodes.forEach((node, n) => {
    if (node.mesh < 0) return;
    const matrix = world[n]!;
    const normals = normalMatrix(matrix);
    const corners = determinant3(matrix) < 0 ? [0, 2, 1] : [0, 1, 2];
    for (const primitive of scene.meshes[node.mesh]!.primitives) {
      const { positions, indices, uvs } = primitive;
      for (let i = 0; i < indices.length; i += 3, t++) {
        for (let v = 0; v < 3; v++) {
          const index = indices[i + corners[v]!]!;
          transformPoint(matrix, positions, index * 3, baked.positions, t * 9 + v * 3);
          if (primitive.normals) transformNormal(normals, primitive.normals, index * 3, baked.normals, t * 9 + v * 3);
          if (uvs) {
            baked.uvs[t * 6 + v * 2] = uvs[index * 2]!;
            baked.uvs[t * 6 + v * 2 + 1] = uvs[index * 2 + 1]!;
          }
        }
        if (!primitive.normals) faceNormal(baked.positions, t, baked.normals);
        baked.materials[t] = primitive.material;
      }
    }
  });
  return baked;
}
