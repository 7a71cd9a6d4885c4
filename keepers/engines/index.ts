import { extname } from "node:path";
import { blenderConfigFromEnv, createBlenderEngine } from "./blender/blenderEngine.js";
import type { Engine } from "./engine.js";
import { EngineError } from "./engineError.js";
import { createPathTracer } from "./pathtracer/pathTracerEngine.js";

export * from "./engine.js";
export * from "./engineError.js";
export { renderToDirectory } from "./renderToDirectory.js";
export { sampleScene, sampleScenes, type SampleScene } from "./scenes/sampleScenes.js";
export { createBlenderEngine, type BlenderConfig, type BlenderEngine } from "./blender/blenderEngine.js";

/** The engines of this build, by the id a caller (or a job) names them with. */
export type EngineId = "pathtracer" | "blender";

const FACTORIES: Readonly<Record<EngineId, () => Engine>> = {
  pathtracer: createPathTracer,
  // Blender's path and render device come from the environment, the worker's configuration for it.
  blender: () => createBlenderEngine(blenderConfigFromEnv()),
};

/** The engine that renders a scene format unless the caller names another. */
const DEFAULT_ENGINES: ReadonlyMap<string, EngineId> = new Map([
  [".gltf", "pathtracer"],
  [".glb", "pathtracer"],
  [".blend", "blender"],
]);

/** Scene formats some engine of this build renders. */
export function supportedExtensions(): string[] {
  return [...DEFAULT_ENGINES.keys()];
}

/** One instance per engine, so idle worker threads (and Blender's device listing) are shared by every caller. */
const instances = new Map<EngineId, Engine>();

function engineById(id: EngineId): Engine {
  let engine = instances.get(id);
  if (!engine) {
    engine = FACTORIES[id]();
    instances.set(id, engine);
  }
  return engine;
}

/**
 * The engine that renders `scene`: the one named by `options.engine` (Blender renders .glb and .gltf too, by importing
 * them), else the default for its file extension. ENGINE_MISSING when none does.
 */
export function engineForScene(scene: string, options: { engine?: EngineId } = {}): Engine {
  const extension = extname(scene).toLowerCase();
  const id = options.engine ?? DEFAULT_ENGINES.get(extension);
  if (options.engine !== undefined && !Object.hasOwn(FACTORIES, options.engine)) {
    throw new EngineError("ENGINE_MISSING", `no render engine named ${JSON.stringify(options.engine)} (engines: ${Object.keys(FACTORIES).join(", ")})`);
  }
  if (!id) {
    const known = supportedExtensions().join(", ");
    throw new EngineError("ENGINE_MISSING", `no render engine for "${extension || scene}" scenes on this node (supported: ${known})`);
  }
  const engine = engineById(id);
  if (!engine.extensions.includes(extension)) {
    throw new EngineError("ENGINE_MISSING", `the ${id} engine does not render "${extension || scene}" scenes (it renders ${engine.extensions.join(", ")})`);
  }
  return engine;
}
