import { mkdir, rename, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, extname, join, resolve } from "node:path";
import { deriveTaskSecret } from "../../../por/deriveTaskSecret.js";
import { createTaskKey, DEFAULT_KEY_OPTIONS, serializeTaskKey, taskKeyHash, type TaskKey } from "../../../por/taskKey.js";
import type { Resolution } from "../../engines/engine.js";
import { engineForScene } from "../../engines/index.js";
import { markBlendTask } from "../../engines/blender/marks/markBlendTask.js";
import type { MarkTaskOptions } from "../../engines/marks/markTask.js";
import { markGltfTask } from "../../engines/pathtracer/marks/markGltfTask.js";
import { badInput } from "../cliError.js";

export interface MarkSceneRequest {
  scene: string;
  outDir: string;
  taskId: string;
  managerSecret: Uint8Array;
  /** Default: every frame of the scene's range. */
  frames?: number[];
  /** Default: the scene's own. */
  resolution?: Resolution;
  /** The task's render settings (the marks are tuned to renders like the workers' ones). */
  samples: number;
  bounces: number;
  /** Atomic noises per frame (WP: 8-15). */
  marks: number;
  threads?: number;
}

export interface MarkedSceneFiles {
  /** The marked scene the workers render, and the key the verifiers get. */
  scene: string;
  keyFile: string;
  key: TaskKey;
  keyHash: string;
  frames: number[];
  resolution: Resolution;
  timings: Record<string, number>;
}

/** Scene formats `ifx por mark` marks, and the extension of the marked scene each writes. */
const MARKED_EXTENSION: Readonly<Record<string, string>> = { ".gltf": ".glb", ".glb": ".glb", ".blend": ".blend" };

/** Frames asked for, checked against the scene's range (the engines would refuse them later, with less context). */
function framesOf(requested: number[] | undefined, range: { start: number; end: number }): number[] {
  if (!requested) return Array.from({ length: range.end - range.start + 1 }, (_, i) => range.start + i);
  const outside = requested.find((f) => f < range.start || f > range.end);
  if (outside !== undefined) throw badInput(`frame ${outside} is outside the scene's range ${range.start}..${range.end}`);
  return requested;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/**
 * `ifx por mark`: a task's key from the manager's secret and the task id, its marks placed and inserted into a NEW
 * scene in `outDir` (`<name>.marked.glb` for glTF, `<name>.marked.blend` for Blender), and the version 2 key written beside it as key.json. The input is
 * only read; key.json is written last and atomically, so a failed run never leaves a key for a scene that is not there.
 */
export async function markSceneFile(request: MarkSceneRequest, progress: (line: string) => void): Promise<MarkedSceneFiles> {
  const ext = extname(request.scene).toLowerCase();
  const markedExt = MARKED_EXTENSION[ext];
  if (!markedExt) throw badInput(`cannot mark ${ext || "a file without extension"} scenes: ${Object.keys(MARKED_EXTENSION).join(", ")} are supported`);
  const info = await engineForScene(request.scene).inspect(request.scene);
  const frames = framesOf(request.frames, info.frameRange);
  const resolution = request.resolution ?? info.resolution;
  await mkdir(request.outDir, { recursive: true });
  const output = join(request.outDir, `${basename(request.scene, extname(request.scene))}.marked${markedExt}`);
  if (resolve(output) === resolve(request.scene)) throw badInput(`the output directory holds the input scene's marked name: ${output}`);
  const key = createTaskKey(request.managerSecret, request.taskId, { ...DEFAULT_KEY_OPTIONS, n: request.marks });
  const secret = deriveTaskSecret(request.managerSecret, request.taskId);
  progress(`marking ${frames.length} frame(s) at ${resolution.width}x${resolution.height} with ${request.marks} marks: preview, placement, insertion, imprints`);
  const options: MarkTaskOptions = {
    frames, resolution, key, secret,
    // Tasks render without the denoiser (as the workers do): exact imprints, the exact tolerance (docs/por.md).
    render: { samples: request.samples, bounces: request.bounces, denoise: false },
    preview: { samples: 4, seed: 1, threads: request.threads ?? availableParallelism() },
  };
  const marked = ext === ".blend" ? await markBlendTask(request.scene, output, options) : await markGltfTask(request.scene, output, options);
  const keyFile = join(request.outDir, "key.json");
  await writeAtomically(keyFile, `${serializeTaskKey(marked.key)}\n`);
  return { scene: output, keyFile, key: marked.key, keyHash: taskKeyHash(marked.key), frames, resolution, timings: marked.timings };
}
