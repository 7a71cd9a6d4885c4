import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { countFailure } from "./countFailure.js";

/**
 * Attempts past their deadline with no result time out: the task is ready again (another worker gets it at the next
 * assignment round) and the worker's failures on the job count up. Runs after a restart too, so a worker that died
 * mid-task (or a manager that was down past the deadline) never leaves a task stuck. Returns the attempts expired.
 */
export async function expireAttempts(db: Kysely<Database>, now = new Date()): Promise<number[]> {
  return db.transaction().execute(async (tx) => {
    const expired = await tx.updateTable("task_attempts").set({ status: "timed_out", reason: "deadline passed without a result", updated_at: now })
      .where("status", "=", "assigned").where("deadline_at", "<", now)
      .returning(["id", "job_id", "task_index", "worker_id"]).execute();
    for (const a of expired) {
      await tx.updateTable("tasks").set({ status: "ready", updated_at: now }).where("job_id", "=", a.job_id).where("task_index", "=", a.task_index).execute();
      await countFailure(tx, a.job_id, a.worker_id, "timed out");
    }
    return expired.map((a) => a.id);
  });
}
