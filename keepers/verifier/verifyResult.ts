import { decodePng } from "../../por/decodePng.js";
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
  reason?: string;
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
 * default, docs/por.md). The result is accepted only if all frames are. A frame that cannot be fetched or decoded is a
 * rejection with its reason (the worker published it), unless the failure is retryable (the verifier's network): then
 * the call throws and the verifier tries again later.
 */
export async function verifyResult(store: ContentStore, resultCid: string, key: TaskKey, task: { jobId: string; taskIndex: number; width: number; height: number }, signal?: AbortSignal): Promise<ResultVerdict> {
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
      const image = decodePng(await store.getBytes(f.cid, { maxBytes: MAX_FRAME_BYTES, ...(signal ? { signal } : {}) }));
      if (image.width !== task.width || image.height !== task.height) throw new RangeError(`frame ${f.frame} is ${image.width}x${image.height}, the task renders ${task.width}x${task.height}`);
      const v: KeyedVerdict = verifyKeyed(image, key, f.frame);
      frames.push({ frame: f.frame, accepted: v.accepted, matched: v.matched, required: v.required, falseAccept: v.falseAccept });
    } catch (error) {
      // The verifier's own trouble (a cancelled call, a gateway down) is no verdict on the worker: retried later.
      if (signal?.aborted || (isStorageError(error) && error.retryable)) throw error;
      frames.push({ frame: f.frame, accepted: false, matched: 0, required: 0, falseAccept: 1, reason: (error as Error).message });
    }
  }
  return { accepted: frames.every((f) => f.accepted), frames };
}
