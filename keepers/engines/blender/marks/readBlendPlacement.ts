import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { decode } from "fast-png";
import type { CameraPose } from "../../../../por/cameraPose.js";
import type { PlacementScene } from "../../../../por/placementScene.js";
import type { Resolution } from "../../engine.js";
import { asEngineError, EngineError } from "../../engineError.js";
import { tabulatedCurve, type DisplayCurve } from "../../marks/displayCurve.js";
import { buildTriangleScene, castTriangleRay } from "../../pathtracer/buildTriangleScene.js";
import type { FrameScene } from "../../pathtracer/frameScene.js";
import { withWorkDir } from "../../withWorkDir.js";
import { runDriver } from "../runDriver.js";

/** Where Blender runs: the executable and the root of its work directories. */
export interface BlenderCall {
  blender: string;
  workRoot?: string;
}

interface PlacementResult {
  frames: { frame: number; camera: CameraPose; triangles: string; count: number }[];
  resolution: Resolution;
  fps: number;
  displayCurve: { radiances: number[]; png: string };
}

export interface BlendPlacement {
  /** The task's frames as placement sees them: Cycles' cameras, rays against the triangles camera rays can hit. */
  scene: PlacementScene;
  /** The scene's display curve (exposure and view transform), measured by Blender. */
  display: DisplayCurve;
  fps: number;
}

/** The 16-bit grey levels of the driver's ramp, in 8-bit units. */
function rampLevels(png: Uint8Array, count: number): number[] {
  const image = decode(png);
  if (image.width !== count || image.height !== 1 || image.depth !== 16) {
    throw new EngineError("ENGINE_CRASH", `Blender wrote a ${image.width}x${image.height} ${image.depth}-bit display ramp, expected ${count}x1 16-bit`);
  }
  return Array.from({ length: count }, (_, i) => (image.data[i * image.channels]! / 65_535) * 255);
}

function triangleScene(bytes: Buffer, count: number, frame: number): FrameScene {
  if (bytes.length !== count * 36) throw new EngineError("ENGINE_CRASH", `frame ${frame}: Blender wrote ${bytes.length} bytes for ${count} triangles`);
  // Copied out of the Buffer: its offset into Node's pool need not be 4-aligned, and the floats are little-endian.
  const floats = new Float32Array(count * 9);
  for (let i = 0; i < floats.length; i++) floats[i] = bytes.readFloatLE(i * 4);
  return buildTriangleScene(floats);
}

/**
 * A .blend scene's side of PoR placement (`por/placeMarks`), read by Blender in one run (driver mode `placement`):
 * per task frame, the active camera as Cycles projects it and the world-space triangles of everything camera rays
 * can hit (evaluated: modifiers, instances, animation at that frame), then rays cast through the path tracer's BVH
 * over them; and the scene's display curve for calibration. SCENE_INVALID for a scene marks cannot be placed in
 * exactly (panoramic camera, lens shift, depth of field, motion blur, non-square pixels).
 */
export async function readBlendPlacement(file: string, frames: readonly number[], resolution: Resolution, call: BlenderCall): Promise<BlendPlacement> {
  try {
    return await withWorkDir("inferix-blender-", async (workDir) => {
      const request = { mode: "placement", scene: resolve(file), frames, resolution, outDir: workDir };
      const result = await runDriver<PlacementResult>({ blender: call.blender, workDir, request });
      const cameras = new Map<number, CameraPose>();
      const scenes = new Map<number, FrameScene>();
      for (const f of result.frames) {
        cameras.set(f.frame, f.camera);
        scenes.set(f.frame, triangleScene(await readFile(f.triangles), f.count, f.frame));
      }
      const { radiances, png } = result.displayCurve;
      const display = tabulatedCurve(radiances, rampLevels(await readFile(png), radiances.length));
      const scene: PlacementScene = {
        width: resolution.width,
        height: resolution.height,
        frames: [...frames],
        camera: (frame) => cameras.get(frame) ?? missingFrame(frame),
        castRay: (frame, origin, direction) => castTriangleRay(scenes.get(frame) ?? missingFrame(frame), origin, direction),
      };
      return { scene, display, fps: result.fps };
    }, call.workRoot);
  } catch (error) {
    throw asEngineError(error, `reading ${file} for PoR placement`);
  }
}

function missingFrame(frame: number): never {
  throw new EngineError("OPTIONS_INVALID", `frame ${frame} is not one of the task's frames`);
}
