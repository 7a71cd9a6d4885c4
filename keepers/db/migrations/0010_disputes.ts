import { sql, type Kysely } from "kysely";
import type { Migration } from "kysely/migration";

/**
 * The manager's record of disputes of its jobs (JobDisputes events): the accepted attempt under dispute, the panel
 * once drawn (the manager draws it and serves that panel, and only that panel, the attempt to judge again), and
 * whether it is over.
 */
export const disputes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable("disputes")
      .addColumn("job_id", "text", (c) => c.notNull().references("jobs.id"))
      .addColumn("settlement_index", "integer", (c) => c.notNull())
      .addColumn("task_index", "integer", (c) => c.notNull())
      .addColumn("attempt_id", "integer", (c) => c.references("task_attempts.id"))
      .addColumn("panel", "jsonb")
      .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
      .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint("disputes_pk", ["job_id", "settlement_index", "task_index"])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("disputes").execute();
  },
};
