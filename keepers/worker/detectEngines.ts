import { blenderConfigFromEnv } from "../engines/blender/blenderEngine.js";
import { readBlenderVersion } from "../engines/blender/readBlenderVersion.js";
import type { EngineId } from "../engines/index.js";

/**
 * The engines a worker offers when its config names none: the built-in tracer always, Blender when its executable
 * (INFERIX_BLENDER, else `blender` on the PATH) runs. Offering an engine the node cannot run would fail every task
 * of it and get the worker blocklisted.
 */
export function detectEngines(env: NodeJS.ProcessEnv = process.env): EngineId[] {
  const blender = blenderConfigFromEnv(env).blender ?? "blender";
  return readBlenderVersion(blender) === null ? ["pathtracer"] : ["pathtracer", "blender"];
}
