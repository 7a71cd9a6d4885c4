import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseError, openDatabase, type DatabaseConfig, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import { migrationProvider } from "../../../keepers/db/migrations/index.js";
import { toBigInt, type NewJob } from "../../../keepers/db/schema.js";
import { testBackends } from "../helpers/testDatabases.js";

const { backends: databases, dropAll } = await testBackends("db");
afterAll(dropAll);

const U256_MAX = 2n ** 256n - 1n;

function job(id: string): NewJob {
  return {
    id, artist: "0x00000000000000000000000000000000000000a1", scene_cid: "bafy-scene", frame_start: 1, frame_end: 10,
    settings: JSON.stringify({ engine: "pathtracer", resolution: { width: 640, height: 360 }, samples: 16, bounces: 4, framesPerTask: 5 }),
    task_count: 2, work_wad: U256_MAX, price_per_ibm_wad: 10n ** 18n, fee: "12345678901234567890123",
    quote: JSON.stringify({ jobId: id }), quote_signature: "0xsig",
  };
}

const backends: [string, boolean, () => DatabaseConfig][] = databases.map((b) => [b.name, b.available, () => b.config]);

describe.each(backends)("the keepers' database on %s", (_name, available, config) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    if (available) open = await openDatabase(config());
  });
  afterAll(async () => open?.close());

  it.skipIf(!available)("migrates once: a second open applies nothing", async () => {
    // Every migration, in name order, on a new database.
    expect(open.applied).toEqual(Object.keys(await migrationProvider.getMigrations()).sort());
    expect(open.applied[0]).toBe("0001_manager");
    if (open.kind === "postgres") {
      const again = await openDatabase(config());
      expect(again.applied).toEqual([]);
      await again.close();
    }
  });

  it.skipIf(!available)("keeps uint256 amounts exact and JSON settings whole", async () => {
    await open.db.insertInto("jobs").values(job("0x01")).execute();
    const row = await open.db.selectFrom("jobs").selectAll().where("id", "=", "0x01").executeTakeFirstOrThrow();
    expect(toBigInt(row.work_wad)).toBe(U256_MAX);
    expect(toBigInt(row.fee)).toBe(12345678901234567890123n);
    expect(row.settings.resolution).toEqual({ width: 640, height: 360 });
    expect(row.status).toBe("quoted");
    expect(row.created_at).toBeInstanceOf(Date);
  });

  it.skipIf(!available)("refuses a second live attempt at one task, and allows one after the first timed out", async () => {
    await open.db.insertInto("jobs").values(job("0x02")).execute();
    await open.db.insertInto("tasks").values({ job_id: "0x02", task_index: 0, frame_start: 1, frame_end: 5, work_wad: 5n }).execute();
    const attempt = (worker: bigint) => open.db.insertInto("task_attempts")
      .values({ job_id: "0x02", task_index: 0, worker_id: worker, deadline_at: new Date(Date.now() + 60_000) })
      .returning("id").executeTakeFirstOrThrow();
    const first = await attempt(7n);
    await expect(attempt(8n)).rejects.toThrow(/task_attempts_one_live|duplicate key/);
    await open.db.updateTable("task_attempts").set({ status: "timed_out" }).where("id", "=", first.id).execute();
    await expect(attempt(8n)).resolves.toHaveProperty("id");
  });

  it.skipIf(!available)("rolls a failed transaction back whole", async () => {
    const failing = open.db.transaction().execute(async (tx) => {
      await tx.insertInto("jobs").values(job("0x03")).execute();
      await tx.insertInto("tasks").values({ job_id: "0x03", task_index: 0, frame_start: 5, frame_end: 1, work_wad: -1n }).execute();
      await sql`select 1 / 0`.execute(tx);
    });
    await expect(failing).rejects.toThrow(/division by zero/);
    expect(await open.db.selectFrom("jobs").select("id").where("id", "=", "0x03").execute()).toEqual([]);
  });

  it.skipIf(!available)("refuses a job whose frames run backwards (schema checks, not only the code)", async () => {
    await expect(open.db.insertInto("jobs").values({ ...job("0x04"), frame_start: 9, frame_end: 2 }).execute()).rejects.toThrow(/jobs_frames/);
  });
});

describe("opening the database", () => {
  it("keeps PGlite's data across a restart in its data directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "inferix-pglite-"));
    try {
      // A node's first start: the data directory's parents do not exist yet.
      const first = await openDatabase({ dataDir: join(dir, "node", "db") });
      await first.db.insertInto("jobs").values(job("0x10")).execute();
      await first.close();
      const second = await openDatabase({ dataDir: join(dir, "node", "db") });
      expect(second.applied).toEqual([]);
      expect((await second.db.selectFrom("jobs").select("id").execute()).map((r) => r.id)).toEqual(["0x10"]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fails with a DatabaseError naming the problem: a URL that is not PostgreSQL's, a server that is not there", async () => {
    await expect(openDatabase({ url: "mysql://root@127.0.0.1/test" })).rejects.toThrow(DatabaseError);
    await expect(openDatabase({ url: "mysql://root@127.0.0.1/test" })).rejects.toThrow(/must start with postgres:\/\//);
    await expect(openDatabase({ url: "postgres://postgres@127.0.0.1:1/none" })).rejects.toThrow(/cannot open the postgres database: .*ECONNREFUSED/);
  });
});
