import { RenderPool } from "./renderPool.js";

/**
 * Keeps the worker pool of a finished render for the next one. Starting workers, and V8 compiling the tracer again in
 * each, costs a few hundred milliseconds per render call, which would dominate a verifier's small spot-check crops.
 * Idle workers are unref'd, so they never keep the process alive; a pool that failed or was aborted is closed instead.
 */
export class IdlePools {
  private readonly idle = new Map<number, RenderPool>();

  take(threads: number): RenderPool {
    const pool = this.idle.get(threads);
    this.idle.delete(threads);
    if (pool?.healthy) {
      pool.setIdle(false);
      return pool;
    }
    if (pool) void pool.close();
    return new RenderPool(threads);
  }

  async give(pool: RenderPool, reusable: boolean): Promise<void> {
    if (!reusable || !pool.healthy || this.idle.has(pool.threads)) {
      await pool.close();
      return;
    }
    pool.setIdle(true);
    this.idle.set(pool.threads, pool);
  }
}
