import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

/**
 * What the settlement loop learns from the chain, kept so it is not asked again every round: a settlement's signature
 * threshold (fixed when the committee is drawn), so a settlement still short of signatures costs no RPC read; and the
 * chain time at which a settled job's fee falls due (its last settlement plus the dispute window), so the fee release
 * reads only the jobs that are due, once each, instead of every settled job for the whole window.
 */
export const settlementReads: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("settlements").addColumn("threshold", "integer").execute();
    await db.schema.alterTable("jobs").addColumn("fee_due_at", "bigint").execute();
    await db.schema.createIndex("jobs_fee_due").on("jobs").columns(["status", "fee_due_at"]).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex("jobs_fee_due").ifExists().execute();
    await db.schema.alterTable("jobs").dropColumn("fee_due_at").execute();
    await db.schema.alterTable("settlements").dropColumn("threshold").execute();
  },
};
