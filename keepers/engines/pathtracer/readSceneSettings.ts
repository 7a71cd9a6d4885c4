import { EngineError } from "../engineError.js";
import type { SceneSettings, Vec3 } from "./sceneModel.js";

export const DEFAULT_FPS = 24;
export const DEFAULT_RESOLUTION = { width: 1280, height: 720 } as const;
/** A dim neutral grey: enough to see an unlit scene's shapes, too little to wash out its lights. */
export const DEFAULT_ENVIRONMENT: Vec3 = [0.05, 0.05, 0.05];

/** What the scene graph tells the settings: animation length and the cameras it holds. */
export interface SettingsContext {
  file: string;
  animationSeconds: number;
  cameras: readonly { node: number; name: string }[];
}

function fail(file: string, what: string): never {
  throw new EngineError("SCENE_INVALID", `${file}: extras.inferix.${what}`);
}

function positiveInteger(value: unknown, file: string, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) fail(file, `${what} must be a positive integer`);
  return value;
}

function colour(value: unknown, file: string): Vec3 {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((c) => typeof c === "number" && Number.isFinite(c) && c >= 0)) {
    fail(file, "environment must be [r, g, b] with non-negative linear values");
  }
  return [value[0], value[1], value[2]];
}

/**
 * Reads the render settings glTF has no place for from the scene's `extras.inferix`:
 * `{ resolution: [w, h], fps, frameRange: [first, last], environment: [r, g, b], exposure, camera: "<node name>" }`,
 * every key optional. Without a frame range an animated scene spans its animation (frame f at time f / fps) and a
 * still one is frame 0 only.
 */
export function readSceneSettings(extras: Record<string, unknown>, context: SettingsContext): SceneSettings {
  const { file } = context;
  const raw = extras["inferix"] ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail(file, "must be an object");
  const settings = raw as Record<string, unknown>;
  const fps = settings["fps"] === undefined ? DEFAULT_FPS : positiveInteger(settings["fps"], file, "fps");
  let resolution: { width: number; height: number } = { ...DEFAULT_RESOLUTION };
  if (settings["resolution"] !== undefined) {
    const r = settings["resolution"];
    if (!Array.isArray(r) || r.length !== 2) fail(file, "resolution must be [width, height]");
    resolution = { width: positiveInteger(r[0], file, "resolution[0]"), height: positiveInteger(r[1], file, "resolution[1]") };
  }
  let frameRange = { start: 0, end: Math.max(0, Math.round(context.animationSeconds * fps)) };
  if (settings["frameRange"] !== undefined) {
    const f = settings["frameRange"];
    if (!Array.isArray(f) || f.length !== 2 || !f.every((n) => Number.isInteger(n) && n >= 0) || f[1] < f[0]) {
      fail(file, "frameRange must be [first, last] with 0 <= first <= last");
    }
    frameRange = { start: f[0], end: f[1] };
  }
  const environment = settings["environment"] === undefined ? DEFAULT_ENVIRONMENT : colour(settings["environment"], file);
  const exposure = settings["exposure"] ?? 0;
  if (typeof exposure !== "number" || !Number.isFinite(exposure)) fail(file, "exposure must be a number of stops");
  if (context.cameras.length === 0) throw new EngineError("SCENE_INVALID", `${file}: the scene has no camera`);
  let cameraNode = context.cameras[0]!.node;
  if (settings["camera"] !== undefined) {
    const named = context.cameras.find((c) => c.name === settings["camera"]);
    if (!named) fail(file, `camera names no camera node of the scene: ${JSON.stringify(settings["camera"])}`);
    cameraNode = named.node;
  }
  return { fps, frameRange, resolution, environment, exposure, cameraNode };
}
