import type { Kysely } from "kysely";
import { toBigInt, type Database } from "../../db/schema.js";
import type { WorkerOffer } from "../quote/priceOptions.js";

/**
 * The workers a quote may price on: eligible at their last heartbeat, seen since `since`, rendering `engine`, at
 * least `ibFloorWad` fast. The same filter the assigner applies, so a quoted price buys workers that will be assigned.
 */
export async function liveWorkerOffers(db: Kysely<Database>, engine: string, since: Date, ibFloorWad = 0n): Promise<WorkerOffer[]> {
  const rows = await db.selectFrom("workers").select(["worker_id", "engines", "price_per_ibm_wad", "ib_wad"])
    .where("eligible", "=", true).where("last_seen", ">=", since).execute();
  return rows.filter((r) => r.engines.includes(engine) && toBigInt(r.ib_wad) >= ibFloorWad)
    .map((r) => ({ licenseId: toBigInt(r.worker_id), pricePerIbmWad: toBigInt(r.price_per_ibm_wad), ibWad: toBigInt(r.ib_wad) }));
}
