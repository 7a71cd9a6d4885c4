import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

export type BenchmarkReceipt = "received" | "not_open";

/**
 * A worker reports its frame for a challenge it has read: the time is stamped here, before anything is checked, so
 * the manager's own verification never counts against the worker. A challenge not read, not the worker's, or
 * already answered is `not_open`.
 */
export async function recordBenchmarkResult(db: Kysely<Database>, benchmarkId: number, workerId: bigint, resultCid: string, now = new Date()): Promise<BenchmarkReceipt> {
  const row = await db.updateTable("benchmarks").set({ status: "submitted", received_at: now, result_cid: resultCid, updated_at: now })
    .where("id", "=", benchmarkId).where("worker_id", "=", workerId.toString()).where("status", "=", "fetched")
    .returning("id").executeTakeFirst();
  return row ? "received" : "not_open";
}
