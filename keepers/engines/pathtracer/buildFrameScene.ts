import { EngineError } from "../engineError.js";
import type { Resolution } from "../engine.js";
import { bakeTriangles } from "./bakeTriangles.js";
import { buildGeometry, type Geometry } from "./buildGeometry.js";
import {
  CAMERA_FORWARD, CAMERA_HALF_HEIGHT, CAMERA_ORTHOGRAPHIC, CAMERA_POSITION, CAMERA_RIGHT, CAMERA_SIZE, CAMERA_UP,
  LIGHT_DIRECTIONAL, LIGHT_POINT, LIGHT_SPOT, LIGHT_STRIDE, L_COS_INNER, L_COS_OUTER, L_DIRECTION, L_POSITION, L_RADIANCE, L_TYPE,
  frameSceneOf, sharedFloat32, sharedFloat64, type FrameScene,
} from "./frameScene.js";
import { packMaterials, type PackedMaterials } from "./packMaterials.js";
import { sampleAnimation } from "./sampleAnimation.js";
import type { LoadedScene } from "./sceneModel.js";
import { worldMatrices, type Mat4 } from "./transform.js";

const LIGHT_TYPES = { point: LIGHT_POINT, spot: LIGHT_SPOT, directional: LIGHT_DIRECTIONAL } as const;

/** A column of the matrix, normalised (axes of a node whose transform may carry scale). */
function axis(m: Mat4, column: number, sign = 1): [number, number, number] {
  const x = m[column * 4]!, y = m[column * 4 + 1]!, z = m[column * 4 + 2]!;
  const length = Math.hypot(x, y, z) || 1;
  return [(sign * x) / length, (sign * y) / length, (sign * z) / length];
}

function packLights(scene: LoadedScene, world: readonly Mat4[]): { lights: Float32Array; lightCount: number } {
  const placed = scene.nodes.map((node, i) => ({ node, i })).filter(({ node }) => node.light >= 0);
  const lights = sharedFloat32(placed.length * LIGHT_STRIDE);
  placed.forEach(({ node, i }, k) => {
    const light = scene.lights[node.light]!;
    const m = world[i]!;
    const o = k * LIGHT_STRIDE;
    lights[o + L_TYPE] = LIGHT_TYPES[light.type];
    lights.set([m[12]!, m[13]!, m[14]!], o + L_POSITION);
    lights.set(axis(m, 2, -1), o + L_DIRECTION); // glTF lights shine along their local -Z
    lights.set(light.radiance, o + L_RADIANCE);
    lights[o + L_COS_OUTER] = Math.cos(light.outerConeAngle);
    lights[o + L_COS_INNER] = Math.cos(Math.min(light.innerConeAngle, light.outerConeAngle));
  });
  return { lights, lightCount: placed.length };
}

function packCamera(scene: LoadedScene, world: readonly Mat4[]): Float64Array {
  const node = scene.nodes[scene.settings.cameraNode]!;
  const camera = scene.cameras[node.camera]!;
  const m = world[scene.settings.cameraNode]!;
  const out = sharedFloat64(CAMERA_SIZE);
  out.set([m[12]!, m[13]!, m[14]!], CAMERA_POSITION);
  out.set(axis(m, 0), CAMERA_RIGHT);
  out.set(axis(m, 1), CAMERA_UP);
  out.set(axis(m, 2, -1), CAMERA_FORWARD); // glTF cameras look down their local -Z
  out[CAMERA_ORTHOGRAPHIC] = camera.type === "orthographic" ? 1 : 0;
  out[CAMERA_HALF_HEIGHT] = camera.type === "orthographic" ? camera.ymag : Math.tan(camera.yfov / 2);
  if (!(out[CAMERA_HALF_HEIGHT]! > 0) || !Number.isFinite(out[CAMERA_HALF_HEIGHT]!)) {
    throw new EngineError("SCENE_INVALID", `${scene.file}: camera "${camera.name}" has an unusable field of view`);
  }
  return out;
}

/**
 * Builds frame scenes of one loaded scene. The BVH is the costly part, so it is rebuilt only when a mesh instance's
 * world transform changed since the previous frame: a camera fly-through over static geometry builds it once.
 */
export class FrameSceneBuilder {
  private readonly packed: PackedMaterials;
  private geometry: Geometry | null = null;
  private meshMatrices: Mat4[] = [];

  constructor(private readonly scene: LoadedScene) {
    this.packed = packMaterials(scene);
  }

  build(frame: number, resolution: Resolution): FrameScene {
    const { scene } = this;
    const poses = sampleAnimation(scene, frame / scene.settings.fps);
    const world = worldMatrices(poses, scene.nodes.map((n) => n.parent));
    const meshMatrices = scene.nodes.flatMap((node, i) => (node.mesh >= 0 ? [world[i]!] : []));
    const unchanged = this.geometry && meshMatrices.every((m, i) => m.every((x, k) => x === this.meshMatrices[i]![k]));
    if (!unchanged || !this.geometry) {
      this.geometry = buildGeometry(bakeTriangles(scene, world), this.packed);
      this.meshMatrices = meshMatrices;
    }
    const environment = sharedFloat64(3);
    environment.set(scene.settings.environment);
    return frameSceneOf({
      width: resolution.width,
      height: resolution.height,
      ...this.geometry,
      materials: this.packed.materials,
      texels: this.packed.texels,
      textureInfo: this.packed.textureInfo,
      ...packLights(scene, world),
      camera: packCamera(scene, world),
      environment,
      exposureScale: 2 ** scene.settings.exposure,
    });
  }
}
