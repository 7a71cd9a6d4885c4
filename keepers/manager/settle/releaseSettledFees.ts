import { sql, type Kysely } from "kysely";
import type { Address, Hex } from "viem";
import { jobMarketAbi, parameterRegistryAbi } from "../../chain/abis.generated.js";
import { paramKey } from "../../chain/paramKeys.js";
import { sendContractWrite, type WriteClients } from "../../chain/sendContractWrite.js";
import type { Database } from "../../db/schema.js";

/** Jobs per `releaseFees` transaction (one manager credit per batch; well inside a block). */
const BATCH = 50;

/**
 * Releases the fees of settled jobs past the dispute window (keepers/README step 7): ONE `releaseFees` over the jobs
 * that are due by the chain's own clock (an open dispute holds only its own task's share, apart). A job is read from the chain when it is new here or its
 * due time (kept from the last read) has passed, so each settled job costs about one read, not one every round for the
 * whole window. A job whose fee is released is `released` here and never read again. The market skips a job that is
 * not due, so a batch sent by two managers at once pays nothing twice. Returns the jobs released.
 */
export async function releaseSettledFees(db: Kysely<Database>, clients: WriteClients, market: Address, params: Address): Promise<string[]> {
  const anySettled = await db.selectFrom("jobs").select("id").where("status", "=", "settled").limit(1).executeTakeFirst();
  if (!anySettled) return [];
  const now = (await clients.publicClient.getBlock()).timestamp;
  const settled = await db.selectFrom("jobs").select("id").where("status", "=", "settled")
    .where((eb) => eb.or([eb("fee_due_at", "is", null), eb("fee_due_at", "<", now.toString())]))
    .orderBy("updated_at").limit(BATCH).execute();
  if (settled.length === 0) return [];
  const window = await clients.publicClient.readContract({ address: params, abi: parameterRegistryAbi, functionName: "get", args: [paramKey("disputeWindowSeconds")] });
  const due: string[] = [];
  const gone: string[] = [];
  const later: { id: string; dueAt: bigint }[] = [];
  for (const { id } of settled) {
    const job = await clients.publicClient.readContract({ address: market, abi: jobMarketAbi, functionName: "job", args: [id as Hex] });
    const dueAt = BigInt(job.lastSettledAt) + window;
    if (job.pendingFee === 0n) gone.push(id);
    else if (now > dueAt) due.push(id); // a disputed task's share is held apart by the disputes: the rest is due
    else later.push({ id, dueAt });
  }
  if (due.length > 0) await sendContractWrite(clients, { address: market, abi: jobMarketAbi, functionName: "releaseFees", args: [due as Hex[]], label: "JobMarket.releaseFees" });
  const released = [...due, ...gone];
  if (released.length > 0) await db.updateTable("jobs").set({ status: "released", updated_at: sql`now()` }).where("id", "in", released).execute();
  for (const { id, dueAt } of later) await db.updateTable("jobs").set({ fee_due_at: dueAt, updated_at: sql`now()` }).where("id", "=", id).execute();
  return due;
}
