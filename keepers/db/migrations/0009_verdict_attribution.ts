import { sql, type Kysely } from "kysely";
import type { Migration } from "kysely/migration";

/**
 * What a verifier recorded of the attempt it judged besides the verdict: the worker whose operator key signed the
 * result (checked on-chain against NodeRegistry's binding), that signature, and the task's work as the job's on-chain
 * quote gives it. A settlement is signed only if each outcome names this worker and this work. Nullable: verdicts kept
 * before this migration have neither, and a settlement paying them is refused rather than trusted. The payment ledger
 * keeps the work each signed payment paid, so the work a verifier has paid of a job is bounded by the job's quote.
 */
export const verdictAttribution: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("own_verdicts")
      .addColumn("worker_id", sql`numeric(78, 0)`)
      .addColumn("result_signature", "text")
      .addColumn("work_wad", sql`numeric(78, 0)`)
      .execute();
    await db.schema.alterTable("signed_payments").addColumn("work_wad", sql`numeric(78, 0)`).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("signed_payments").dropColumn("work_wad").execute();
    await db.schema.alterTable("own_verdicts").dropColumn("worker_id").dropColumn("result_signature").dropColumn("work_wad").execute();
  },
};
