import { sql, type Kysely } from "kysely";
import type { Migration } from "kysely/migration";

/**
 * A verifier's own record of every verdict it gave (in its own database): it signs a settlement only if the outcomes
 * are exactly these, and a restart resubmits a verdict the manager never received instead of judging again. Keyed by
 * verifier too, so verifiers sharing one PostgreSQL database keep apart.
 */
export const verifier: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable("own_verdicts")
      .addColumn("verifier_id", sql`numeric(78, 0)`, (c) => c.notNull())
      .addColumn("attempt_id", "integer", (c) => c.notNull())
      .addColumn("job_id", "text", (c) => c.notNull())
      .addColumn("task_index", "integer", (c) => c.notNull())
      .addColumn("result_cid", "text", (c) => c.notNull())
      .addColumn("accepted", "boolean", (c) => c.notNull())
      // The statistics as sent: a resubmission repeats the verdict byte for byte.
      .addColumn("statistics", "text", (c) => c.notNull())
      .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint("own_verdicts_pk", ["verifier_id", "attempt_id"])
      .execute();
    await db.schema.createIndex("own_verdicts_job").on("own_verdicts").columns(["job_id", "task_index"]).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("own_verdicts").ifExists().execute();
  },
};
