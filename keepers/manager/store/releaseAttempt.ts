import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

export type ReleaseOutcome = "released" | "not_assigned";

/**
 * A worker hands a live attempt back (it is shutting down and could not finish within its grace period): the attempt
 * is `released` and the task `ready` for the next assignment round, at once rather than after the deadline. Not a
 * failure: a worker that stops cleanly is not blocklisted for it. Only the attempt's own worker, only while assigned.
 */
export async function releaseAttempt(db: Kysely<Database>, attemptId: number, workerId: bigint, now = new Date()): Promise<ReleaseOutcome> {
  return db.transaction().execute(async (tx) => {
    const released = await tx.updateTable("task_attempts").set({ status: "released", reason: "released by the worker", updated_at: now })
      .where("id", "=", attemptId).where("worker_id", "=", workerId.toString()).where("status", "=", "assigned")
      .returning(["job_id", "task_index"]).executeTakeFirst();
    if (!released) return "not_assigned";
    await tx.updateTable("tasks").set({ status: "ready", updated_at: now })
      .where("job_id", "=", released.job_id).where("task_index", "=", released.task_index).where("status", "=", "assigned").execute();
    return "released";
  });
}
