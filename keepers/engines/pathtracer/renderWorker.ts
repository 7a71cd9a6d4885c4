import { parentPort } from "node:worker_threads";
import { frameSceneOf, type FrameScene } from "./frameScene.js";
import { renderRows, type RenderBuffers, type RenderParams } from "./renderRows.js";

/** A frame job as posted to each worker: the scene and buffers are SharedArrayBuffer views, so nothing is copied. */
export interface FrameJob {
  type: "frame";
  scene: FrameScene;
  params: RenderParams;
  buffers: RenderBuffers;
  /** Next row to render, shared by all workers of the pool (work stealing, one row at a time). */
  nextRow: Int32Array;
}

export type WorkerReply = { type: "rows"; rows: number } | { type: "done" } | { type: "failed"; message: string; stack: string };

/** Takes rows off the shared counter until the region is done; each worker posts progress per row. */
function renderJob(job: FrameJob, post: (reply: WorkerReply) => void): void {
  const height = job.params.region.height;
  const scene = frameSceneOf(job.scene);
  for (;;) {
    const row = Atomics.add(job.nextRow, 0, 1);
    if (row >= height) break;
    renderRows(scene, job.params, job.buffers, row, row + 1);
    post({ type: "rows", rows: 1 });
  }
  post({ type: "done" });
}

/** Worker thread body, started from renderWorker.mjs. */
export function runRenderWorker(): void {
  const port = parentPort;
  if (!port) throw new Error("renderWorker must run in a worker thread");
  port.on("message", (job: FrameJob) => {
    try {
      renderJob(job, (reply) => port.postMessage(reply));
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ type: "failed", message: e.message, stack: e.stack ?? "" } satisfies WorkerReply);
    }
  });
}
