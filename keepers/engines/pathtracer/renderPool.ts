import { Worker } from "node:worker_threads";
import { EngineError } from "../engineError.js";
import type { FrameScene } from "./frameScene.js";
import type { RenderBuffers, RenderParams } from "./renderRows.js";
import type { FrameJob, WorkerReply } from "./renderWorker.js";

const WORKER_ENTRY = new URL("./renderWorker.mjs", import.meta.url);

/**
 * Worker threads that render a frame's rows together, taking them off a shared counter. Any worker failure (a thrown
 * error, an exit, a failed start) is an ENGINE_CRASH and ends the pool: the frame is not half trusted.
 */
export class RenderPool {
  private readonly workers: Worker[];
  private failure: EngineError | null = null;
  private listener: ((error: EngineError) => void) | null = null;
  private closed = false;

  constructor(readonly threads: number) {
    this.workers = Array.from({ length: threads }, () => new Worker(WORKER_ENTRY));
    for (const worker of this.workers) {
      worker.on("error", (error) => this.fail(new EngineError("ENGINE_CRASH", `render worker failed: ${error.message}`, { cause: error })));
      worker.on("exit", (code) => {
        if (!this.closed) this.fail(new EngineError("ENGINE_CRASH", `render worker exited with code ${code}`));
      });
    }
  }

  private fail(error: EngineError): void {
    if (this.failure || this.closed) return;
    this.failure = error;
    this.listener?.(error);
  }

  /** Renders the region's rows on all workers; `onRows` gets each finished row. Rejects on abort or crash. */
  renderFrame(scene: FrameScene, params: RenderParams, buffers: RenderBuffers, onRows: (rows: number) => void, signal: AbortSignal): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const nextRow = new Int32Array(new SharedArrayBuffer(4));
    const job: FrameJob = { type: "frame", scene, params, buffers, nextRow };
    return new Promise<void>((resolve, reject) => {
      let done = 0;
      const handlers = new Map<Worker, (reply: WorkerReply) => void>();
      const finish = (error: EngineError | null) => {
        for (const [worker, handler] of handlers) worker.off("message", handler);
        signal.removeEventListener("abort", onAbort);
        this.listener = null;
        if (error) reject(error);
        else resolve();
      };
      const onAbort = () => finish(new EngineError("CANCELLED", "render aborted"));
      this.listener = finish;
      signal.addEventListener("abort", onAbort);
      for (const worker of this.workers) {
        const handler = (reply: WorkerReply) => {
          if (reply.type === "rows") onRows(reply.rows);
          else if (reply.type === "failed") this.fail(new EngineError("ENGINE_CRASH", `render worker threw: ${reply.message}\n${reply.stack}`));
          else if (++done === this.workers.length) finish(null);
        };
        handlers.set(worker, handler);
        worker.on("message", handler);
        worker.postMessage(job);
      }
    });
  }

  /** Usable for another frame: no worker failed and the pool is open. */
  get healthy(): boolean {
    return !this.failure && !this.closed;
  }

  /** Idle workers do not keep the process alive (they are unref'd); busy ones do. */
  setIdle(idle: boolean): void {
    for (const worker of this.workers) {
      if (idle) worker.unref();
      else worker.ref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
