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
 * that are due by the chain's own clock, without open disputes. A job whose fee is released is `released` here and
 * never read again. The market skips a job that is not due, so a batch sent by two managers at once pays nothing
 * twice. Returns the jobs released.
 */
export async function releaseSettledFees(db: Kysely<Database>, clients: WriteClients, market: Address, params: Address): Promise<string[]> {
  const settled = await db.selectFrom("jobs").select("id").where("status", "=", "settled").orderBy("updated_at").limit(BATCH).execute();
  if (settled.length === 0) return [];
  const window = await clients.publicClient.readContract({ address: params, abi: parameterRegistryAbi, functionName: "get", args: [paramKey("disputeWindowSeconds")] });
  const block = await clients.publicClient.getBlock();
  const due: string[] = [];
  const gone: string[] = [];
  for (const { id } of settled) {
    const job = await clients.publicClient.readContract({ address: market, abi: jobMarketAbi, functionName: "job", args: [id as Hex] });
    if (job.pendingFee === 0n) gone.push(id);
    else if (block.timestamp > BigInt(job.lastSettledAt) + window && job.openDisputes === 0) due.push(id);
  }
  if (due.length > 0) await sendContractWrite(clients, { address: market, abi: jobMarketAbi, functionName: "releaseFees", args: [due as Hex[]], label: "JobMarket.releaseFees" });
  const released = [...due, ...gone];
  if (released.length > 0) await db.updateTable("jobs").set({ status: "released", updated_at: sql`now()` }).where("id", "in", released).execute();
  return due;
}
