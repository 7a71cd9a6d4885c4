import type { Kysely } from "kysely";
import type { Address, Hex } from "viem";
import { jobMarketAbi } from "../../chain/abis.generated.js";
import { ContractWriteError, sendContractWrite, type WriteClients } from "../../chain/sendContractWrite.js";
import type { Database } from "../../db/schema.js";
import type { Logger } from "../../log/createLogger.js";

/** Reverts that mean "not now" or "already done": the job is tried again next round, or the event reader has it. */
const LATER = new Set(["MarketSeedNotReady", "MarketWrongStatus"]);

/**
 * Draws the committee of every escrowed job of this manager that has none yet (anyone may call `drawCommittee` once
 * the seed block is mined; the manager does, so its jobs never wait). The committee itself is stored by the event
 * reader from `CommitteeDrawn`, so a draw sent by someone else, or twice, changes nothing here. Returns the jobs drawn.
 */
export async function drawCommittees(db: Kysely<Database>, clients: WriteClients, market: Address, logger: Logger): Promise<string[]> {
  const jobs = await db.selectFrom("jobs").select("id").where("status", "in", ["escrowed", "running"]).where("committee", "is", null).orderBy("created_at").limit(50).execute();
  const drawn: string[] = [];
  for (const { id } of jobs) {
    try {
      await sendContractWrite(clients, { address: market, abi: jobMarketAbi, functionName: "drawCommittee", args: [id as Hex], label: "JobMarket.drawCommittee" });
      drawn.push(id);
    } catch (error) {
      if (error instanceof ContractWriteError && error.revert && LATER.has(error.revert.errorName)) continue;
      logger.warn({ err: error, jobId: id }, "drawing the committee failed; retried next round");
    }
  }
  return drawn;
}
