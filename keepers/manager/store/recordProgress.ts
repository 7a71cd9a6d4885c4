import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

export interface AttemptProgress {
  attemptId: number;
  /** In [0, 1]. */
  fraction: number;
}

/**
 * A worker's progress on its live attempts, from its heartbeat. Only its own attempts that are still assigned: a
 * report that arrives after the result, or for an attempt that went to another worker, changes nothing.
 */
export async function recordProgress(db: Kysely<Database>, workerId: bigint, progress: readonly AttemptProgress[], now = new Date()): Promise<void> {
  for (const p of progress) {
    await db.updateTable("task_attempts").set({ progress: Math.min(1, Math.max(0, p.fraction)), updated_at: now })
      .where("id", "=", p.attemptId).where("worker_id", "=", workerId.toString()).where("status", "=", "assigned").execute();
  }
}
