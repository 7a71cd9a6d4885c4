import { abortSignalFor } from "../abortSignalFor.js";
import { benchmarkSampleScenes } from "../benchmarkSampleScenes.js";
import type { Engine, ProgressListener, RenderedFrame, RenderOptions, SceneInfo } from "../engine.js";
import { EngineError, asEngineError } from "../engineError.js";
import { validateRenderOptions } from "../validateRenderOptions.js";
import { countTriangles } from "./bakeTriangles.js";
import { loadScene } from "./loadScene.js";
import { IdlePools } from "./idlePools.js";
import type { RenderPool } from "./renderPool.js";
import { renderFrames } from "./renderFrames.js";
import { animatedNodes } from "./sampleAnimation.js";
import type { LoadedScene } from "./sceneModel.js";

export const PATH_TRACER_NAME = "inferix-pathtracer";
/**
 * The tracer's own version and V8's: the pixels depend on V8's Math functions (sin, cos, exp, pow: software fdlibm
 * ports, the same on every CPU and OS, but free to change between V8 versions).
 */
export const PATH_TRACER_VERSION = `1.1.0+v8.${process.versions.v8}`;

async function inspect(file: string): Promise<SceneInfo> {
  try {
    return describeScene(await loadScene(file, { textures: false }));
  } catch (error) {
    throw asEngineError(error, `inspecting ${file}`);
  }
}

function describeScene(scene: LoadedScene): SceneInfo {
  const animated = animatedNodes(scene);
  const cameraNodes = scene.nodes.map((node, i) => ({ node, i })).filter(({ node }) => node.camera >= 0);
  return {
    engine: PATH_TRACER_NAME,
    format: scene.format,
    frameRange: scene.settings.frameRange,
    fps: scene.settings.fps,
    resolution: scene.settings.resolution,
    cameras: cameraNodes.map(({ node, i }) => {
      const camera = scene.cameras[node.camera]!;
      return {
        name: node.name,
        type: camera.type,
        yfovDegrees: camera.type === "perspective" ? (camera.yfov * 180) / Math.PI : null,
        animated: animated[i]!,
      };
    }),
    activeCamera: scene.nodes[scene.settings.cameraNode]!.name,
    objects: scene.nodes.filter((node) => node.mesh >= 0).length,
    triangles: countTriangles(scene),
    lights: scene.nodes.filter((node) => node.light >= 0).length,
    materials: scene.materials.length - 1, // without the default material the loader adds
    textures: scene.textureCount,
    animated: scene.channels.length > 0,
  };
}

async function render(pools: IdlePools, file: string, options: RenderOptions, onProgress: ProgressListener, callerSignal?: AbortSignal): Promise<RenderedFrame[]> {
  validateRenderOptions(options);
  const { signal, timedOut } = abortSignalFor(callerSignal, options.timeoutMs);
  let pool: RenderPool | null = null;
  let succeeded = false;
  try {
    if (signal.aborted) throw new EngineError("CANCELLED", "render aborted before it started");
    // A new pool's workers start (and compile their TypeScript) while the main thread loads the scene.
    pool = options.threads > 1 ? pools.take(options.threads) : null;
    const scene = await loadScene(file, { textures: true });
    const frames = await renderFrames(scene, options, pool, onProgress, signal);
    succeeded = true;
    return frames;
  } catch (error) {
    if (timedOut()) throw new EngineError("TIMEOUT", `render of ${file} exceeded ${options.timeoutMs} ms`, { cause: error });
    throw asEngineError(error, `rendering ${file}`);
  } finally {
    // An aborted or failed render may have left workers mid-row: only a clean pool is kept.
    if (pool) await pools.give(pool, succeeded);
  }
}

/** The built-in Monte-Carlo path tracer for glTF 2.0 scenes (.gltf, .glb); it keeps its idle worker threads. */
export function createPathTracer(): Engine {
  const pools = new IdlePools();
  const renderWithPools: Engine["render"] = (file, options, onProgress, signal) => render(pools, file, options, onProgress, signal);
  return {
    name: PATH_TRACER_NAME,
    version: PATH_TRACER_VERSION,
    extensions: [".gltf", ".glb"],
    inspect,
    render: renderWithPools,
    benchmark: (options) => benchmarkSampleScenes(renderWithPools, options),
  };
}
