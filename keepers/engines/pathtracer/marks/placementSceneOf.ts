import type { CameraPose } from "../../../../por/cameraPose.js";
import type { PlacementScene } from "../../../../por/placementScene.js";
import type { Vec3 } from "../../../../por/vec3.js";
import type { Resolution } from "../../engine.js";
import { EngineError } from "../../engineError.js";
import { FrameSceneBuilder } from "../buildFrameScene.js";
import {
  CAMERA_FORWARD, CAMERA_HALF_HEIGHT, CAMERA_ORTHOGRAPHIC, CAMERA_POSITION, CAMERA_RIGHT, CAMERA_UP, type FrameScene,
} from "../frameScene.js";
import type { LoadedScene } from "../sceneModel.js";
import { hit, intersectClosest, ray } from "../traceRay.js";

function vec(a: Float64Array, offset: number): Vec3 {
  return [a[offset]!, a[offset + 1]!, a[offset + 2]!];
}

/**
 * The tracer's side of placement: a glTF scene's task frames as `por/`'s `PlacementScene`, with cameras exactly as
 * `renderRows` projects them and occlusion rays cast through the same BVH the renderer traverses. Frame scenes are
 * built once per frame (without textures: rays need geometry only) and kept for the placement's many queries.
 */
export function placementSceneOf(scene: LoadedScene, frames: readonly number[], resolution: Resolution): PlacementScene {
  const { start, end } = scene.settings.frameRange;
  const outside = frames.find((f) => !Number.isInteger(f) || f < start || f > end);
  if (outside !== undefined) throw new EngineError("OPTIONS_INVALID", `frame ${outside} is outside the scene's range ${start}..${end}`);
  const builder = new FrameSceneBuilder(scene);
  const built = new Map<number, FrameScene>();
  const frameScene = (frame: number): FrameScene => {
    let s = built.get(frame);
    if (!s) {
      s = builder.build(frame, resolution);
      built.set(frame, s);
    }
    return s;
  };
  return {
    width: resolution.width,
    height: resolution.height,
    frames: [...frames],
    camera(frame: number): CameraPose {
      const c = frameScene(frame).camera;
      return {
        position: vec(c, CAMERA_POSITION),
        right: vec(c, CAMERA_RIGHT),
        up: vec(c, CAMERA_UP),
        forward: vec(c, CAMERA_FORWARD),
        orthographic: c[CAMERA_ORTHOGRAPHIC]! > 0,
        halfHeight: c[CAMERA_HALF_HEIGHT]!,
      };
    },
    castRay(frame: number, origin: Vec3, direction: Vec3): number {
      const s = frameScene(frame);
      ray.set([...origin, ...direction, Infinity, 0]); // not a camera ray: unlit surfaces (marks) never occlude
      return intersectClosest(s) >= 0 ? hit[0]! : Infinity;
    },
  };
}
