import { sql, type Kysely } from "kysely";
import type { Migration } from "kysely/migration";

/**
 * IB benchmark challenges (WP eq. 19): the manager times each worker's render of a governed sample scene itself, from
 * the moment the worker learns the seed to the moment it reports the frame, checks the frame by re-rendering a crop,
 * and posts the time on-chain. Every challenge is kept, so a dispute over a node's IB can be traced to its renders.
 */
export const benchmarks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable("benchmarks")
      .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn("worker_id", sql`numeric(78, 0)`, (c) => c.notNull())
      .addColumn("epoch", sql`numeric(78, 0)`, (c) => c.notNull())
      .addColumn("scene_id", "text", (c) => c.notNull())
      .addColumn("scene_cid", "text", (c) => c.notNull())
      .addColumn("seed", "bigint", (c) => c.notNull().check(sql`seed >= 0 and seed < 4294967296`))
      .addColumn("width", "integer", (c) => c.notNull())
      .addColumn("height", "integer", (c) => c.notNull())
      .addColumn("samples", "integer", (c) => c.notNull())
      .addColumn("bounces", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull().defaultTo("issued"))
      .addColumn("issued_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn("fetched_at", "timestamptz")
      .addColumn("received_at", "timestamptz")
      .addColumn("result_cid", "text")
      .addColumn("frame_time_ms", "bigint")
      .addColumn("reason", "text")
      .addColumn("tx_hash", "text")
      .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex("benchmarks_worker").on("benchmarks").columns(["worker_id", "issued_at"]).execute();
    await db.schema.createIndex("benchmarks_status").on("benchmarks").columns(["status", "id"]).execute();
    // One open challenge per worker: two rounds (or two managers on one database) racing to issue fail here.
    await sql`create unique index benchmarks_one_open on benchmarks (worker_id) where status in ('issued', 'fetched', 'submitted')`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("benchmarks").ifExists().execute();
  },
};
