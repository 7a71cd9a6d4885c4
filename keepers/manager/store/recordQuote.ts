import type { Kysely } from "kysely";
import type { Quote } from "../../market/typedData.js";
import type { Database, JobSettings } from "../../db/schema.js";

/** The quote as JSON: bigints as decimal strings (JSON has no integers that large). */
export function quoteJson(quote: Quote): Record<string, string | number> {
  return Object.fromEntries(Object.entries(quote).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : (v as string | number)]));
}

/**
 * Keeps a signed quote (status `quoted`) with the scene's CID and the settings the tasks will render with: the chain
 * knows only the quote's hash fields, and the job is run from this row once the artist escrows it. Recording the same
 * quote twice is a no-op.
 */
export async function recordQuote(db: Kysely<Database>, quote: Quote, signature: string, sceneCid: string, settings: JobSettings): Promise<void> {
  await db.insertInto("jobs").values({
    id: quote.jobId.toLowerCase(),
    artist: quote.artist,
    scene_cid: sceneCid,
    frame_start: quote.frameStart,
    frame_end: quote.frameEnd,
    settings: JSON.stringify(settings),
    task_count: quote.taskCount,
    work_wad: quote.workWad,
    price_per_ibm_wad: quote.pricePerIbmWad,
    fee: quote.fee,
    quote: JSON.stringify(quoteJson(quote)),
    quote_signature: signature,
  }).onConflict((c) => c.column("id").doNothing()).execute();
}
