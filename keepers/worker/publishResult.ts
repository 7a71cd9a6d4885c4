import { retryCall, type RetryOptions } from "../daemon/retryCall.js";
import { MAX_MANIFEST_BYTES, type FrameManifest } from "../results/frameManifest.js";
import type { ContentStore } from "../storage/contentStore.js";
import { MAX_FRAME_BYTES } from "../verifier/verifyResult.js";
import { uploadToManager, type ManagerEndpoint } from "./uploadToManager.js";

/**
 * Hands a rendered result to the manager's store: every frame, then the manifest (its CID is the result). The manager
 * must hold them before the result is reported, so verifiers and the artist can fetch the frames after this worker
 * has gone. Each upload is checked against the CID the worker computed, and retried while the manager is unreachable;
 * uploads are idempotent (content-addressed), so a resumed task uploads again harmlessly. Returns the bytes uploaded.
 */
export async function publishResult(endpoint: ManagerEndpoint, store: ContentStore, resultCid: string, manifest: FrameManifest, retry: RetryOptions): Promise<number> {
  let uploaded = 0;
  const upload = async (cid: string, maxBytes: number) => {
    const bytes = await store.getBytes(cid, { maxBytes, signal: retry.signal });
    await retryCall(`uploading ${cid}`, () => uploadToManager(endpoint, bytes, cid, retry.signal), retry);
    uploaded += bytes.length;
  };
  for (const frame of manifest.frames) await upload(frame.cid, MAX_FRAME_BYTES);
  await upload(resultCid, MAX_MANIFEST_BYTES);
  return uploaded;
}
