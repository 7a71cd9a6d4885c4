import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

export interface OwnVerdict {
  attemptId: number;
  jobId: string;
  taskIndex: number;
  resultCid: string;
  accepted: boolean;
  statistics: string;
  /** The worker whose bound operator key signed the result; null for verdicts kept before it was checked (0009). */
  workerId: bigint | null;
  resultSignature: string | null;
  /** The task's work as the job's on-chain quote gives it; null like `workerId`. */
  workWad: bigint | null;
}

const COLUMNS = ["attempt_id", "job_id", "task_index", "result_cid", "accepted", "statistics", "worker_id", "result_signature", "work_wad"] as const;
const nullableBigInt = (value: string | null) => (value === null ? null : BigInt(value));

/** The verdict this verifier gave on an attempt, if any. */
export async function findOwnVerdict(db: Kysely<Database>, verifierId: bigint, attemptId: number): Promise<OwnVerdict | undefined> {
  const row = await db.selectFrom("own_verdicts").select(COLUMNS)
    .where("verifier_id", "=", verifierId.toString()).where("attempt_id", "=", attemptId).executeTakeFirst();
  return row && {
    attemptId: row.attempt_id, jobId: row.job_id, taskIndex: row.task_index, resultCid: row.result_cid, accepted: row.accepted, statistics: row.statistics,
    workerId: nullableBigInt(row.worker_id), resultSignature: row.result_signature, workWad: nullableBigInt(row.work_wad),
  };
}

/**
 * Keeps a verdict before it is sent: a crash between the two leaves it here, and the restarted verifier resubmits it
 * unchanged. The first verdict stands (verdicts are never revised), so recording one twice keeps the first.
 */
export async function recordOwnVerdict(db: Kysely<Database>, verifierId: bigint, verdict: OwnVerdict): Promise<void> {
  await db.insertInto("own_verdicts").values({
    verifier_id: verifierId, attempt_id: verdict.attemptId, job_id: verdict.jobId.toLowerCase(), task_index: verdict.taskIndex,
    result_cid: verdict.resultCid, accepted: verdict.accepted, statistics: verdict.statistics,
    worker_id: verdict.workerId, result_signature: verdict.resultSignature, work_wad: verdict.workWad,
  }).onConflict((c) => c.columns(["verifier_id", "attempt_id"]).doNothing()).execute();
}
