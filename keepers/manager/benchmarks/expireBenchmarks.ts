import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

/**
 * Challenges that can no longer be timed fairly end as `expired`: read but not answered within `timeoutSeconds` (a
 * frame that slow would only lower the worker's IB, and a challenge left open forever blocks the next one), or
 * never read before their epoch ended. Returns the expired ids.
 */
export async function expireBenchmarks(db: Kysely<Database>, options: { epoch: bigint; now: Date; timeoutSeconds: number }): Promise<number[]> {
  const cutoff = new Date(options.now.getTime() - options.timeoutSeconds * 1000);
  const rows = await db.updateTable("benchmarks").set({ status: "expired", reason: "no frame reported in time", updated_at: options.now })
    .where((eb) => eb.or([
      eb.and([eb("status", "=", "fetched"), eb("fetched_at", "<", cutoff)]),
      eb.and([eb("status", "=", "issued"), eb("epoch", "<", options.epoch.toString())]),
    ]))
    .returning("id").execute();
  return rows.map((r) => r.id);
}
