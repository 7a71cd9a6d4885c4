import { sql, type Kysely } from "kysely";
import type { Migration } from "kysely/migration";

const uint256 = sql`numeric(78, 0)`;
const now = sql`now()`;

/** The manager's state: jobs, their tasks and every attempt at them, verdicts, blocklists, live workers and settlements. */
export const manager: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable("jobs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("artist", "text", (c) => c.notNull())
      .addColumn("scene_cid", "text", (c) => c.notNull())
      .addColumn("frame_start", "integer", (c) => c.notNull())
      .addColumn("frame_end", "integer", (c) => c.notNull())
      .addColumn("settings", "jsonb", (c) => c.notNull())
      .addColumn("task_count", "integer", (c) => c.notNull().check(sql`task_count > 0`))
      .addColumn("work_wad", uint256, (c) => c.notNull())
      .addColumn("price_per_ibm_wad", uint256, (c) => c.notNull())
      .addColumn("fee", uint256, (c) => c.notNull())
      .addColumn("quote", "jsonb", (c) => c.notNull())
      .addColumn("quote_signature", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull().defaultTo("quoted"))
      .addColumn("committee", "jsonb")
      .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
      .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
      .addCheckConstraint("jobs_frames", sql`frame_end >= frame_start`)
      .execute();
    await db.schema.createIndex("jobs_status").on("jobs").columns(["status", "updated_at"]).execute();

    await db.schema.createTable("tasks")
      .addColumn("job_id", "text", (c) => c.notNull().references("jobs.id").onDelete("cascade"))
      .addColumn("task_index", "integer", (c) => c.notNull())
      .addColumn("frame_start", "integer", (c) => c.notNull())
      .addColumn("frame_end", "integer", (c) => c.notNull())
      .addColumn("work_wad", uint256, (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
      .addColumn("marked_scene_cid", "text")
      .addColumn("key_hash", "text")
      .addColumn("por_key", "text")
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
      .addPrimaryKeyConstraint("tasks_pk", ["job_id", "task_index"])
      .execute();
    await db.schema.createIndex("tasks_status").on("tasks").columns(["status", "updated_at"]).execute();

    await db.schema.createTable("task_attempts")
      .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn("job_id", "text", (c) => c.notNull())
      .addColumn("task_index", "integer", (c) => c.notNull())
      .addColumn("worker_id", uint256, (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull().defaultTo("assigned"))
      .addColumn("assigned_at", "timestamptz", (c) => c.notNull().defaultTo(now))
      .addColumn("deadline_at", "timestamptz", (c) => c.notNull())
      .addColumn("result_cid", "text")
      .addColumn("reason", "text")
      .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
      .addForeignKeyConstraint("task_attempts_task", ["job_id", "task_index"], "tasks", ["job_id", "task_index"], (f) => f.onDelete("cascade"))
      .execute();
    await db.schema.createIndex("task_attempts_task").on("task_attempts").columns(["job_id", "task_index"]).execute();
    await db.schema.createIndex("task_attempts_open").on("task_attempts").columns(["status", "deadline_at"]).execute();
    // One live attempt per task: an assignment racing another (two managers, a retried request) fails here.
    await sql`create unique index task_attempts_one_live on task_attempts (job_id, task_index) where status in ('assigned', 'rendered')`.execute(db);

    await db.schema.createTable("verdicts")
      .addColumn("attempt_id", "integer", (c) => c.notNull().references("task_attempts.id").onDelete("cascade"))
      .addColumn("verifier_id", uint256, (c) => c.notNull())
      .addColumn("accepted", "boolean", (c) => c.notNull())
      .addColumn("statistics", "jsonb", (c) => c.notNull())
      .addColumn("signature", "text", (c) => c.notNull())
      .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
      .addPrimaryKeyConstraint("verdicts_pk", ["attempt_id", "verifier_id"])
      .execute();

    await db.schema.createTable("job_blocklist")
      .addColumn("job_id", "text", (c) => c.notNull().references("jobs.id").onDelete("cascade"))
      .addColumn("worker_id", uint256, (c) => c.notNull())
      .addColumn("failures", "integer", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("job_blocklist_pk", ["job_id", "worker_id"])
      .execute();

    await db.schema.createTable("workers")
      .addColumn("worker_id", uint256, (c) => c.primaryKey())
      .addColumn("operator", "text", (c) => c.notNull())
      .addColumn("engines", "jsonb", (c) => c.notNull())
      .addColumn("slots", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("price_per_ibm_wad", uint256, (c) => c.notNull())
      .addColumn("ib_wad", uint256, (c) => c.notNull())
      .addColumn("eligible", "boolean", (c) => c.notNull())
      .addColumn("last_seen", "timestamptz", (c) => c.notNull().defaultTo(now))
      .execute();

    await db.schema.createTable("chain_cursors")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("next_block", "bigint", (c) => c.notNull())
      .execute();

    await db.schema.createTable("settlements")
      .addColumn("job_id", "text", (c) => c.notNull().references("jobs.id").onDelete("cascade"))
      .addColumn("settlement_index", "integer", (c) => c.notNull())
      .addColumn("outcomes_root", "text", (c) => c.notNull())
      .addColumn("payload", "jsonb", (c) => c.notNull())
      .addColumn("tx_hash", "text")
      .addColumn("status", "text", (c) => c.notNull().defaultTo("built"))
      .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
      .addPrimaryKeyConstraint("settlements_pk", ["job_id", "settlement_index"])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ["settlements", "chain_cursors", "workers", "job_blocklist", "verdicts", "task_attempts", "tasks", "jobs"]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
