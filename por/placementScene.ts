import type { CameraPose } from "./cameraPose.js";
import type { Vec3 } from "./vec3.js";

/**
 * What placement needs from a scene, whatever the engine (DESIGN: `por/` describes its needs as its own types): the
 * task's frames at the task's resolution, the camera of each, and occlusion rays against the scene's surfaces. The
 * glTF path tracer implements it over its BVH; the Blender adapter over Blender's evaluated triangles, in that same BVH.
 */
export interface PlacementScene {
  width: number;
  height: number;
  /** The task's frames, in render order. */
  frames: readonly number[];
  camera(frame: number): CameraPose;
  /** Distance along the unit `direction` from `origin` to the first surface of the scene in `frame`, Infinity if none. */
  castRay(frame: number, origin: Vec3, direction: Vec3): number;
}
