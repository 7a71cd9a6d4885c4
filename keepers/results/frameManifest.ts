import type { ContentStore } from "../storage/contentStore.js";

/**
 * What a worker's result CID names: a small JSON listing the task's frames by CID. One CID per task keeps the result
 * one word on-chain (an outcome's `resultCid`), while every frame stays fetchable and verifiable on its own.
 */
export interface FrameManifest {
  version: 1;
  jobId: string;
  taskIndex: number;
  frames: { frame: number; cid: string; width: number; height: number }[];
}

/** Manifests are small: a task of a few frames is well under this. */
export const MAX_MANIFEST_BYTES = 64 * 1024;

export async function storeManifest(store: ContentStore, manifest: FrameManifest): Promise<string> {
  return store.addBytes(new TextEncoder().encode(JSON.stringify(manifest)));
}

/** The manifest a result CID names, checked for shape; throws a RangeError naming what is wrong. */
export async function readManifest(store: ContentStore, cid: string, signal?: AbortSignal): Promise<FrameManifest> {
  const bytes = await store.getBytes(cid, { maxBytes: MAX_MANIFEST_BYTES, ...(signal ? { signal } : {}) });
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new RangeError(`result ${cid} is not a JSON frame manifest`);
  }
  const m = raw as Partial<FrameManifest> | null;
  const ok = m !== null && typeof m === "object" && m.version === 1 && typeof m.jobId === "string" && Number.isInteger(m.taskIndex) && Array.isArray(m.frames)
    && m.frames.every((f) => f && Number.isInteger(f.frame) && typeof f.cid === "string" && Number.isInteger(f.width) && Number.isInteger(f.height));
  if (!ok) throw new RangeError(`result ${cid} is not a version 1 frame manifest`);
  return m as FrameManifest;
}
