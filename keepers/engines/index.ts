import { extname } from "node:path";
import type { Engine } from "./engine.js";
import { EngineError } from "./engineError.js";
import { createPathTracer } from "./pathtracer/pathTracerEngine.js";

export * from "./engine.js";
export * from "./engineError.js";
export { renderToDirectory } from "./renderToDirectory.js";
export { sampleScene, sampleScenes, type SampleScene } from "./scenes/sampleScenes.js";

/** Engines by scene file extension. Blender Cycles (.blend) registers here when it lands. */
const ENGINES: ReadonlyMap<string, () => Engine> = new Map([
  [".gltf", createPathTracer],
  [".glb", createPathTracer],
]);

/** Scene formats some engine of this build renders. */
export function supportedExtensions(): string[] {
  return [...ENGINES.keys()];
}

/** One instance per engine, so idle worker threads are shared by every caller of the process. */
const instances = new Map<() => Engine, Engine>();

/** The engine that renders `scene`, chosen by its file extension; ENGINE_MISSING when none does. */
export function engineForScene(scene: string): Engine {
  const extension = extname(scene).toLowerCase();
  const create = ENGINES.get(extension);
  if (!create) {
    const known = supportedExtensions().join(", ");
    throw new EngineError("ENGINE_MISSING", `no render engine for "${extension || scene}" scenes on this node (supported: ${known})`);
  }
  let engine = instances.get(create);
  if (!engine) {
    engine = create();
    instances.set(create, engine);
  }
  return engine;
}
