import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { SettlementToSign } from "./checkSettlement.js";

/** What a verifier remembers of the payments it signed: a task is paid by one settlement of its job, ever. */
export interface PaymentLedger {
  /** Why `s` would pay a task again (a task this verifier signed paid in another settlement), or null. */
  earlierPayment(s: SettlementToSign): Promise<string | null>;
  /**
   * The work of `s`'s job this verifier signed payments for in its other settlements, which with `s`'s must stay within
   * the job's quote; null when a payment of the job was signed before the ledger kept work (migration 0009): the bound
   * cannot be checked, so nothing more of that job is signed.
   */
  paidElsewhereWad(s: SettlementToSign): Promise<bigint | null>;
  /** Records the tasks `s` pays, before its signature leaves this verifier (signing the same settlement again is fine). */
  record(s: SettlementToSign): Promise<void>;
}

/** The ledger in the verifier's own database (`signed_payments`). */
export function paymentLedger(db: Kysely<Database>, verifierId: bigint): PaymentLedger {
  const paid = (s: SettlementToSign) => s.outcomes.filter((o) => o.accepted);
  return {
    async earlierPayment(s) {
      const tasks = paid(s).map((o) => o.taskIndex);
      if (tasks.length === 0) return null;
      const earlier = await db.selectFrom("signed_payments").select(["task_index", "settlement_index", "attempt_id"])
        .where("verifier_id", "=", verifierId.toString()).where("job_id", "=", s.jobId.toLowerCase())
        .where("task_index", "in", tasks).where("settlement_index", "!=", s.settlementIndex).executeTakeFirst();
      return earlier ? `task ${earlier.task_index} was paid already (attempt ${earlier.attempt_id}, settlement #${earlier.settlement_index}): a task is paid once` : null;
    },
    async paidElsewhereWad(s) {
      const rows = await db.selectFrom("signed_payments").select(["task_index", "work_wad"])
        .where("verifier_id", "=", verifierId.toString()).where("job_id", "=", s.jobId.toLowerCase()).where("settlement_index", "!=", s.settlementIndex).execute();
      if (rows.some((r) => r.work_wad === null)) return null;
      return rows.reduce((sum, r) => sum + BigInt(r.work_wad!), 0n);
    },
    async record(s) {
      const rows = paid(s).map((o) => ({ verifier_id: verifierId, job_id: s.jobId.toLowerCase(), task_index: o.taskIndex, settlement_index: s.settlementIndex, attempt_id: o.attemptId, work_wad: BigInt(o.workWad) }));
      if (rows.length === 0) return;
      await db.insertInto("signed_payments").values(rows).onConflict((c) => c.columns(["verifier_id", "job_id", "task_index"]).doNothing()).execute();
    },
  };
}
