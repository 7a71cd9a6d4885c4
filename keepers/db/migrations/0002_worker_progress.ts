import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

/** A worker's progress on a live attempt, in [0, 1], as its last heartbeat reported it: what `job` shows the artist. */
export const workerProgress: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("task_attempts").addColumn("progress", "real").execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("task_attempts").dropColumn("progress").execute();
  },
};
