import { decodePng } from "../../por/decodePng.js";
import { engineForScene, type EngineId } from "../engines/index.js";
import { drawInformativeCrop, spotRerender } from "../engines/spotRerender.js";
import type { TaskKey } from "../../por/taskKey.js";
import { verifyKeyed, type KeyedVerdict } from "../../por/verifyKeyed.js";
import { readManifest } from "../results/frameManifest.js";
import type { ContentStore } from "../storage/contentStore.js";
import { isStorageError } from "../storage/storageError.js";

/** Largest frame fetched (an 8K RGBA PNG with no compression is ~133 MB). */
export const MAX_FRAME_BYTES = 160 * 1024 * 1024;

export interface FrameFinding {
  frame: number;
  accepted: boolean;
  matched: number;
  required: number;
  falseAccept: number;
  /** The spot re-render of the verifier's secret crop, when asked: whether the frame's pixels there are the render's. */
  spot?: { matches: boolean; differingPixels: number; maxDifference: number };
  reason?: string;
}

/** The spot re-render (docs/por.md: the key-aware detector cannot see a render with fewer samples; this can). */
export interface SpotCheck {
  /** The task's marked scene, on disk (the verifier fetched it by CID). */
  scene: string;
  engine: EngineId;
  samples: number;
  bounces: number;
  seed: number;
  verifierSecret: Uint8Array;
  /** 0 for the built-in tracer (bit for bit). */
  tolerance: number;
}

export interface ResultVerdict {
  accepted: boolean;
  frames: FrameFinding[];
  /** Why the whole result failed before any frame was judged (bad manifest, missing frames, wrong task). */
  reason?: string;
}

/**
 * A verifier's check of a worker's result (keepers/README step 6): the manifest the result CID names must be for this
 * task, hold exactly the key's frames at the task's resolution, and every frame must pass the key-aware detector (the
 * default, docs/por.md) and, with `spot`, the re-render of the verifier's secret crop (the combined verdict). The result is accepted only if all frames are. A frame that cannot be fetched or decoded is a
 * rejection with its reason (the worker published it), unless the failure is retryable (the verifier's network): then
 * the call throws and the verifier tries again later.
 */
export async function verifyResult(store: ContentStore, resultCid: string, key: TaskKey, task: { jobId: string; taskIndex: number; width: number; height: number }, signal?: AbortSignal, spot?: SpotCheck): Promise<ResultVerdict> {
  let manifest;
  try {
    manifest = await readManifest(store, resultCid, signal);
  } catch (error) {
    if (signal?.aborted || (isStorageError(error) && error.retryable)) throw error;
    return { accepted: false, frames: [], reason: (error as Error).message };
  }
  if (manifest.jobId.toLowerCase() !== task.jobId.toLowerCase() || manifest.taskIndex !== task.taskIndex) {
    return { accepted: false, frames: [], reason: `the manifest is for ${manifest.jobId}/${manifest.taskIndex}` };
  }
  const expected = key.placements.map((p) => p.frame).sort((a, b) => a - b);
  const given = manifest.frames.map((f) => f.frame).sort((a, b) => a - b);
  if (JSON.stringify(expected) !== JSON.stringify(given)) return { accepted: false, frames: [], reason: `frames ${given.join(",")} given, ${expected.join(",")} expected` };
  const frames: FrameFinding[] = [];
  for (const f of manifest.frames) {
    try {
      const png = await store.getBytes(f.cid, { maxBytes: MAX_FRAME_BYTES, ...(signal ? { signal } : {}) });
      const image = decodePng(png);
      if (image.width !== task.width || image.height !== task.height) throw new RangeError(`frame ${f.frame} is ${image.width}x${image.height}, the task renders ${task.width}x${task.height}`);
      const v: KeyedVerdict = verifyKeyed(image, key, f.frame);
      const finding: FrameFinding = { frame: f.frame, accepted: v.accepted, matched: v.matched, required: v.required, falseAccept: v.falseAccept };
      if (spot && v.accepted) {
        const checked = await spotCheckFrame(spot, key.taskId, f.frame, task, png);
        finding.spot = checked;
        finding.accepted = checked.matches;
      }
      frames.push(finding);
    } catch (error) {
      // The verifier's own trouble (a cancelled call, a gateway down) is no verdict on the worker: retried later.
      if (signal?.aborted || (isStorageError(error) && error.retryable)) throw error;
      frames.push({ frame: f.frame, accepted: false, matched: 0, required: 0, falseAccept: 1, reason: (error as Error).message });
    }
  }
  return { accepted: frames.every((f) => f.accepted), frames };
}

async function spotCheckFrame(spot: SpotCheck, taskId: string, frame: number, task: { width: number; height: number }, png: Uint8Array): Promise<NonNullable<FrameFinding["spot"]>> {
  const engine = engineForScene(spot.scene, { engine: spot.engine });
  const settings = { frame, samples: spot.samples, seed: spot.seed, bounces: spot.bounces, denoise: false, resolution: { width: task.width, height: task.height } };
  const { crop } = await drawInformativeCrop(engine, spot.scene, settings, spot.verifierSecret, taskId);
  const verdict = await spotRerender(engine, spot.scene, png, settings, crop, spot.tolerance);
  return { matches: verdict.matches, differingPixels: verdict.differingPixels, maxDifference: verdict.maxDifference };
}
