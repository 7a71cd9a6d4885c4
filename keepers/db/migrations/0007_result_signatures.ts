import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

/**
 * A worker's signed result (EIP-712 `TaskResult` under the JobMarket's domain), kept with its attempt: the committee
 * checks it before signing a settlement that pays or rejects the attempt, and a rejection carries it on-chain as the
 * proof that this worker took this task (`JobMarket.settle`'s `rejectedResults`).
 */
export const resultSignatures: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("task_attempts").addColumn("result_signature", "text").execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("task_attempts").dropColumn("result_signature").execute();
  },
};
