import { sql, type Kysely } from "kysely";
import type { Migration } from "kysely/migration";

/**
 * A verifier's record of every task it signed a payment for (in its own database): a task of a job is paid by one
 * settlement only, ever, so a manager cannot have the committee pay one task twice by putting it in two settlements.
 */
export const signedPayments: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable("signed_payments")
      .addColumn("verifier_id", sql`numeric(78, 0)`, (c) => c.notNull())
      .addColumn("job_id", "text", (c) => c.notNull())
      .addColumn("task_index", "integer", (c) => c.notNull())
      .addColumn("settlement_index", "integer", (c) => c.notNull())
      .addColumn("attempt_id", "integer", (c) => c.notNull())
      .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint("signed_payments_pk", ["verifier_id", "job_id", "task_index"])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("signed_payments").ifExists().execute();
  },
};
