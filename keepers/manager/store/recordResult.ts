import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

export type ResultOutcome = "recorded" | "duplicate" | "not_assigned";

/**
 * A worker reports its render of an attempt (the CID of its frames, with its signed `TaskResult`, checked at the API). Only the
 * attempt's own worker, only while the attempt is live (a timed-out attempt's late result is refused: the task went
 * to someone else). The same result again is a duplicate, not an error, so a worker retrying after a lost response is
 * safe. The task waits for its committee's verdicts.
 */
export async function recordResult(db: Kysely<Database>, attemptId: number, workerId: bigint, resultCid: string, resultSignature: string, now = new Date()): Promise<ResultOutcome> {
  return db.transaction().execute(async (tx) => {
    const attempt = await tx.selectFrom("task_attempts").select(["status", "result_cid", "job_id", "task_index"])
      .where("id", "=", attemptId).where("worker_id", "=", workerId.toString()).forUpdate().executeTakeFirst();
    if (!attempt) return "not_assigned";
    if (attempt.status !== "assigned") return attempt.result_cid === resultCid ? "duplicate" : "not_assigned";
    await tx.updateTable("task_attempts").set({ status: "rendered", result_cid: resultCid, result_signature: resultSignature, updated_at: now }).where("id", "=", attemptId).execute();
    await tx.updateTable("tasks").set({ status: "rendered", updated_at: sql`now()` })
      .where("job_id", "=", attempt.job_id).where("task_index", "=", attempt.task_index).execute();
    return "recorded";
  });
}
