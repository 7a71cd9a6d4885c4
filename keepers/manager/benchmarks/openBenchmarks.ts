import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

export interface OpenBenchmark {
  id: number;
  sceneId: string;
  sceneCid: string;
  seed: number;
  width: number;
  height: number;
  samples: number;
  bounces: number;
  fetchedAt: Date;
}

/**
 * A worker's challenges it has not answered yet. The first read stamps `fetched_at`: the seed is unknown before it,
 * so no frame can exist before it, and the worker's time is counted from it (a later read does not restart it).
 */
export async function openBenchmarks(db: Kysely<Database>, workerId: bigint, now = new Date()): Promise<OpenBenchmark[]> {
  const rows = await db.updateTable("benchmarks")
    .set({ status: "fetched", fetched_at: sql`coalesce(fetched_at, ${now})`, updated_at: now })
    .where("worker_id", "=", workerId.toString()).where("status", "in", ["issued", "fetched"])
    .returning(["id", "scene_id", "scene_cid", "seed", "width", "height", "samples", "bounces", "fetched_at"]).execute();
  return rows.sort((a, b) => a.id - b.id).map((r) => ({
    id: r.id, sceneId: r.scene_id, sceneCid: r.scene_cid, seed: Number(r.seed), width: r.width, height: r.height,
    samples: r.samples, bounces: r.bounces, fetchedAt: r.fetched_at!,
  }));
}
