import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

/**
 * A task's scene is marked (PoR) and stored: the task can be assigned. Only from `pending`, so a marking that finished
 * after another (a retried job step) changes nothing. The job runs from its first ready task.
 */
export async function markTaskReady(db: Kysely<Database>, jobId: string, taskIndex: number, markedSceneCid: string, keyHash: string, porKey: string | null = null): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const updated = await tx.updateTable("tasks")
      .set({ status: "ready", marked_scene_cid: markedSceneCid, key_hash: keyHash, por_key: porKey, updated_at: sql`now()` })
      .where("job_id", "=", jobId.toLowerCase()).where("task_index", "=", taskIndex).where("status", "=", "pending")
      .executeTakeFirst();
    await tx.updateTable("jobs").set({ status: "running", updated_at: sql`now()` })
      .where("id", "=", jobId.toLowerCase()).where("status", "=", "escrowed").execute();
    return updated.numUpdatedRows > 0n;
  });
}
