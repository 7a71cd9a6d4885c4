import { join } from "node:path";
import type { EngineId } from "../engines/index.js";
import { engineForScene } from "../engines/index.js";
import type { ProgressListener } from "../engines/engine.js";
import { withWorkDir } from "../engines/withWorkDir.js";
import { storeManifest, type FrameManifest } from "../results/frameManifest.js";
import type { ContentStore } from "../storage/contentStore.js";

/** A task as the manager assigns it (GraphQL `Assignment`). */
export interface AssignedTask {
  attemptId: number;
  jobId: string;
  taskIndex: number;
  frameStart: number;
  frameEnd: number;
  sceneCid: string;
  engine: EngineId;
  width: number;
  height: number;
  samples: number;
  bounces: number;
  seed: number;
}

export interface RenderDeps {
  store: ContentStore;
  threads: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Where scenes and frames are kept while rendering (a temporary directory under it, removed after). */
  workRoot?: string;
}

/** Scene file names by engine: the engines pick their reader by extension. */
const SCENE_FILE: Readonly<Record<EngineId, string>> = { pathtracer: "scene.glb", blender: "scene.blend" };

/**
 * A worker's whole task (keepers/README step 5): the marked scene fetched by CID (every block checked against its hash
 * by the store), rendered with the job's engine and the task's seed, denoiser off, each frame stored, and the frame
 * manifest stored last: its CID is the result the worker reports. Cancelling through `signal` stops the render and
 * leaves nothing behind but blocks already stored (content-addressed: harmless, and reused if the task is retried).
 */
export async function renderAssignment(task: AssignedTask, deps: RenderDeps): Promise<{ resultCid: string; manifest: FrameManifest }> {
  return withWorkDir("inferix-task-", async (dir) => {
    const scene = join(dir, SCENE_FILE[task.engine]);
    await deps.store.saveFile(task.sceneCid, scene, deps.signal ? { signal: deps.signal } : {});
    const frames = Array.from({ length: task.frameEnd - task.frameStart + 1 }, (_, i) => task.frameStart + i);
    const engine = engineForScene(scene, { engine: task.engine });
    const rendered = await engine.render(scene, {
      frames, samples: task.samples, seed: task.seed, bounces: task.bounces, denoise: false, threads: deps.threads,
      resolution: { width: task.width, height: task.height },
    }, deps.onProgress ?? (() => {}), deps.signal);
    const manifest: FrameManifest = { version: 1, jobId: task.jobId, taskIndex: task.taskIndex, frames: [] };
    for (const frame of rendered) {
      manifest.frames.push({ frame: frame.frame, cid: await deps.store.addBytes(frame.png), width: frame.width, height: frame.height });
    }
    return { resultCid: await storeManifest(deps.store, manifest), manifest };
  }, deps.workRoot);
}
