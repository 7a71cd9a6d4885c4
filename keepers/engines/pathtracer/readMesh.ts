import type { Accessor, Material, Mesh } from "@gltf-transform/core";
import { EngineError } from "../engineError.js";
import type { SceneMesh, ScenePrimitive } from "./sceneModel.js";

const TRIANGLES = 4;
const TRIANGLE_STRIP = 5;
const TRIANGLE_FAN = 6;

/** Accessor data as floats, dequantising normalized integers (KHR_mesh_quantization, rotations as shorts). */
export function readFloats(accessor: Accessor): Float32Array {
  const array = accessor.getArray();
  if (array instanceof Float32Array) return array;
  const size = accessor.getElementSize();
  const out = new Float32Array(accessor.getCount() * size);
  const element: number[] = [];
  for (let i = 0; i < accessor.getCount(); i++) {
    accessor.getElement(i, element);
    for (let c = 0; c < size; c++) out[i * size + c] = element[c]!;
  }
  return out;
}

/** Unrolls strips and fans into a triangle list (glTF winding: every odd strip triangle is flipped). */
function triangleList(mode: number, indices: Uint32Array): Uint32Array {
  if (mode === TRIANGLES) return indices.length % 3 === 0 ? indices : indices.subarray(0, indices.length - (indices.length % 3));
  const count = Math.max(0, indices.length - 2);
  const out = new Uint32Array(count * 3);
  for (let i = 0; i < count; i++) {
    const a = mode === TRIANGLE_FAN ? indices[0]! : indices[i]!;
    const b = indices[i + 1]!;
    const c = indices[i + 2]!;
    const flip = mode === TRIANGLE_STRIP && i % 2 === 1;
    out.set(flip ? [b, a, c] : [a, b, c], i * 3);
  }
  return out;
}

function checkFinite(values: Float32Array, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new EngineError("SCENE_INVALID", `${what} has a non-finite value at ${i}`);
  }
}

/**
 * Reads a glTF mesh's triangle primitives. Points and lines are skipped (they have no area to hit). Indices past the
 * vertex count and non-finite positions are SCENE_INVALID rather than garbage in the BVH.
 */
export function readMesh(mesh: Mesh, materials: ReadonlyMap<Material, number>, defaultMaterial: number): SceneMesh {
  const primitives: ScenePrimitive[] = [];
  let triangles = 0;
  mesh.listPrimitives().forEach((primitive, p) => {
    const mode = primitive.getMode();
    if (mode !== TRIANGLES && mode !== TRIANGLE_STRIP && mode !== TRIANGLE_FAN) return;
    const label = `mesh "${mesh.getName()}" primitive ${p}`;
    const position = primitive.getAttribute("POSITION");
    if (!position) throw new EngineError("SCENE_INVALID", `${label} has no POSITION attribute`);
    const positions = readFloats(position);
    checkFinite(positions, `${label} POSITION`);
    const vertexCount = position.getCount();
    const indexAccessor = primitive.getIndices();
    const raw = indexAccessor ? Uint32Array.from(indexAccessor.getArray() ?? []) : Uint32Array.from({ length: vertexCount }, (_, i) => i);
    const indices = triangleList(mode, raw);
    for (let i = 0; i < indices.length; i++) {
      if (indices[i]! >= vertexCount) throw new EngineError("SCENE_INVALID", `${label} index ${indices[i]} >= vertex count ${vertexCount}`);
    }
    const normal = primitive.getAttribute("NORMAL");
    const uv = primitive.getAttribute("TEXCOORD_0");
    primitives.push({
      positions,
      normals: normal && normal.getCount() === vertexCount ? readFloats(normal) : null,
      uvs: uv && uv.getCount() === vertexCount ? readFloats(uv) : null,
      indices,
      material: materials.get(primitive.getMaterial() as Material) ?? defaultMaterial,
    });
    triangles += indices.length / 3;
  });
  return { primitives, triangles };
}
