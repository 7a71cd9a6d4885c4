import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

export interface WorkerHeartbeat {
  workerId: bigint;
  operator: string;
  engines: readonly string[];
  slots: number;
  /** From the registry and staking at this heartbeat (the caller reads the chain, with a cache). */
  pricePerIbmWad: bigint;
  ibWad: bigint;
  eligible: boolean;
}

/** A worker says it is alive and what it can take: the assigner only picks workers seen within its timeout. */
export async function recordHeartbeat(db: Kysely<Database>, beat: WorkerHeartbeat, now = new Date()): Promise<void> {
  const row = {
    operator: beat.operator, engines: JSON.stringify(beat.engines), slots: beat.slots, price_per_ibm_wad: beat.pricePerIbmWad,
    ib_wad: beat.ibWad, eligible: beat.eligible, last_seen: now,
  };
  await db.insertInto("workers").values({ worker_id: beat.workerId, ...row })
    .onConflict((c) => c.column("worker_id").doUpdateSet({ ...row, last_seen: sql`excluded.last_seen` })).execute();
}
