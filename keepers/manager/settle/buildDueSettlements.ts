import { sql, type Kysely } from "kysely";
import type { Hex } from "viem";
import type { Database } from "../../db/schema.js";
import { cidToWord } from "../../market/cidWord.js";
import { settlementOf } from "../../market/taskOutcomes.js";
import { committeeHashOf, toTaskOutcome, type SettlementPayload, type StoredOutcome } from "./settlementPayload.js";

/** Most jobs settled by one call. */
const BATCH = 20;

/**
 * Builds the settlement of every running job whose tasks are all accepted (keepers/README step 7): one settlement per
 * job, its outcomes every accepted attempt (paid) and every attempt the committee rejected (slashed), so the
 * settlement pays exactly the quoted work. The job moves to `settling`, and the committee is asked to sign. One
 * transaction per job with the job row locked: two manager instances never build two settlements of one job.
 * Returns the jobs built.
 */
export async function buildDueSettlements(db: Kysely<Database>, now = new Date()): Promise<string[]> {
  const due = await db.selectFrom("jobs as j").select("j.id")
    .where("j.status", "=", "running").where("j.committee", "is not", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("tasks as t").select("t.task_index").whereRef("t.job_id", "=", "j.id").where("t.status", "!=", "accepted"))))
    .orderBy("j.created_at").limit(BATCH).execute();
  const built: string[] = [];
  for (const { id } of due) if (await buildSettlement(db, id, now)) built.push(id);
  return built;
}

async function buildSettlement(db: Kysely<Database>, jobId: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const job = await tx.selectFrom("jobs").select(["committee", "status"]).where("id", "=", jobId).forUpdate().executeTakeFirst();
    if (!job || job.status !== "running" || !job.committee) return false;
    const attempts = await tx.selectFrom("task_attempts as a")
      .innerJoin("tasks as t", (j) => j.onRef("t.job_id", "=", "a.job_id").onRef("t.task_index", "=", "a.task_index"))
      .select(["a.id", "a.task_index", "a.worker_id", "a.result_cid", "a.result_signature", "a.status", "t.work_wad"])
      .where("a.job_id", "=", jobId).where("a.status", "in", ["accepted", "rejected"]).orderBy("a.id").execute();
    const outcomes: StoredOutcome[] = attempts.map((a) => ({
      taskIndex: a.task_index, workerId: a.worker_id, resultCid: a.result_cid!, resultWord: cidToWord(a.result_cid!),
      accepted: a.status === "accepted", workWad: a.work_wad, attemptId: a.id,
      ...(a.result_signature ? { resultSignature: a.result_signature as Hex } : {}),
    }));
    const { settlement } = settlementOf(outcomes.map(toTaskOutcome));
    const prior = await tx.selectFrom("settlements").select("outcomes_root").where("job_id", "=", jobId).orderBy("settlement_index").execute();
    const payload: SettlementPayload = {
      outcomes, workers: settlement.workers.map(String), rejected: settlement.rejected.map(String),
      committeeHash: committeeHashOf(job.committee), priorRoots: prior.map((p) => p.outcomes_root as Hex),
    };
    await tx.insertInto("settlements").values({
      job_id: jobId, settlement_index: prior.length, outcomes_root: settlement.outcomesRoot, payload: JSON.stringify(payload), updated_at: now,
    }).execute();
    await tx.updateTable("jobs").set({ status: "settling", updated_at: sql`now()` }).where("id", "=", jobId).execute();
    return true;
  });
}
