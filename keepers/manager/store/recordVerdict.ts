import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { countFailure } from "./countFailure.js";

export interface Verdict {
  attemptId: number;
  verifierId: bigint;
  accepted: boolean;
  statistics: Record<string, unknown>;
  signature: string;
}

export type VerdictOutcome = "pending" | "accepted" | "rejected" | "duplicate" | "not_verifiable";

/**
 * A committee member's signed verdict on a rendered attempt (the API checked the signature and the seat). When
 * `threshold` verdicts agree (WP §III-F3: 2), the attempt is final: accepted, the task is done; rejected, the task is
 * ready again for another worker and the rejection counts against the worker (it goes into the settlement to be
 * slashed). A verifier's second verdict on one attempt is a duplicate, whatever it says: verdicts are not revised.
 */
export async function recordVerdict(db: Kysely<Database>, verdict: Verdict, threshold: number, now = new Date()): Promise<VerdictOutcome> {
  return db.transaction().execute(async (tx) => {
    const attempt = await tx.selectFrom("task_attempts").select(["status", "job_id", "task_index", "worker_id"])
      .where("id", "=", verdict.attemptId).forUpdate().executeTakeFirst();
    if (!attempt || !["rendered", "accepted", "rejected"].includes(attempt.status)) return "not_verifiable";
    const inserted = await tx.insertInto("verdicts").values({
      attempt_id: verdict.attemptId, verifier_id: verdict.verifierId, accepted: verdict.accepted,
      statistics: JSON.stringify(verdict.statistics), signature: verdict.signature,
    }).onConflict((c) => c.columns(["attempt_id", "verifier_id"]).doNothing()).executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows === 0n) return "duplicate";
    if (attempt.status !== "rendered") return attempt.status as "accepted" | "rejected";
    const votes = await tx.selectFrom("verdicts").select("accepted").where("attempt_id", "=", verdict.attemptId).execute();
    const accepts = votes.filter((v) => v.accepted).length;
    const decided = accepts >= threshold ? "accepted" : votes.length - accepts >= threshold ? "rejected" : null;
    if (!decided) return "pending";
    await tx.updateTable("task_attempts").set({ status: decided, updated_at: now, reason: decided === "rejected" ? "rejected by the committee" : null })
      .where("id", "=", verdict.attemptId).execute();
    await tx.updateTable("tasks").set({ status: decided === "accepted" ? "accepted" : "ready", updated_at: now })
      .where("job_id", "=", attempt.job_id).where("task_index", "=", attempt.task_index).execute();
    if (decided === "rejected") await countFailure(tx, attempt.job_id, attempt.worker_id, "rejected by the committee");
    return decided;
  });
}
