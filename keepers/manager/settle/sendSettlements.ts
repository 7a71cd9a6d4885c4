import { sql, type Kysely } from "kysely";
import type { Address, Hex } from "viem";
import { jobMarketAbi } from "../../chain/abis.generated.js";
import { ContractWriteError, sendContractWrite, type WriteClients } from "../../chain/sendContractWrite.js";
import type { Database } from "../../db/schema.js";
import type { Logger } from "../../log/createLogger.js";
import { committeeSignatures } from "../../market/typedData.js";
import { rejectionProofs, seatsOf, type SettlementPayload } from "./settlementPayload.js";

/** `IJobMarket.Status.Running`. */
const RUNNING = 2;

export interface SentSettlement {
  jobId: string;
  settlementIndex: number;
  /** `sent`: this call's transaction; `found`: already on-chain (a restart after a send, or another instance). */
  how: "sent" | "found";
  txHash?: Hex;
}

/**
 * Sends every built settlement that enough of its committee signed (the job's on-chain threshold) as ONE `settle`
 * transaction. The chain is asked first: a settlement whose index the job has already passed was sent before (by this
 * manager before a restart, or by another instance) and is only marked confirmed, never sent twice; the contract
 * would refuse a second one anyway (the index is in the signed digest and the trail moves). A settlement still short of
 * the threshold it read once is not read again. Returns what was settled.
 */
export async function sendSettlements(db: Kysely<Database>, clients: WriteClients, market: Address, logger: Logger): Promise<SentSettlement[]> {
  const rows = await db.selectFrom("settlements as s").innerJoin("jobs as j", "j.id", "s.job_id")
    .select(["s.job_id", "s.settlement_index", "s.outcomes_root", "s.payload", "s.status", "s.threshold", "j.committee"])
    .select((eb) => eb.selectFrom("settlement_signatures as g").whereRef("g.job_id", "=", "s.job_id").whereRef("g.settlement_index", "=", "s.settlement_index")
      .select(sql<number>`count(*)::int`.as("n")).as("signatures"))
    .where("s.status", "in", ["built", "sent"])
    // A job closed on-chain meanwhile (reclaimed past its deadline: intake reads JobClosed) can no longer be settled.
    .where("j.status", "not in", ["cancelled", "expired"])
    .orderBy("s.updated_at").limit(20).execute();
  const done: SentSettlement[] = [];
  for (const row of rows) {
    const jobId = row.job_id as Hex;
    const signatures = row.signatures ?? 0;
    // Never sent and short of the threshold it already read: the chain has nothing new to say until more signatures come.
    if (row.status === "built" && row.threshold !== null && signatures < row.threshold) continue;
    const onChain = await clients.publicClient.readContract({ address: market, abi: jobMarketAbi, functionName: "job", args: [jobId] });
    if (row.threshold === null && onChain.threshold > 0) {
      await db.updateTable("settlements").set({ threshold: onChain.threshold }).where("job_id", "=", row.job_id).where("settlement_index", "=", row.settlement_index).execute();
    }
    if (onChain.settlements > row.settlement_index) {
      await markConfirmed(db, row.job_id, row.settlement_index, null);
      done.push({ jobId: row.job_id, settlementIndex: row.settlement_index, how: "found" });
      continue;
    }
    if (onChain.status !== RUNNING) {
      logger.warn({ jobId, status: onChain.status }, "a built settlement's job no longer runs on-chain (cancelled or expired); not sent");
      continue;
    }
    if (signatures < onChain.threshold) continue;
    const signed = await db.selectFrom("settlement_signatures").select(["seat", "signature"])
      .where("job_id", "=", row.job_id).where("settlement_index", "=", row.settlement_index).execute();
    const payload = row.payload as unknown as SettlementPayload;
    const settlement = { outcomesRoot: row.outcomes_root as Hex, workers: payload.workers.map(BigInt), rejected: payload.rejected.map(BigInt) };
    await db.updateTable("settlements").set({ status: "sent", updated_at: sql`now()` }).where("job_id", "=", row.job_id).where("settlement_index", "=", row.settlement_index).execute();
    try {
      const { hash } = await sendContractWrite(clients, {
        address: market, abi: jobMarketAbi, functionName: "settle", label: "JobMarket.settle",
        args: [
          jobId, settlement, seatsOf(row.committee!), payload.priorRoots,
          committeeSignatures(signed.map((s) => ({ seat: s.seat, signature: s.signature as Hex }))), rejectionProofs(payload),
        ],
      });
      await markConfirmed(db, row.job_id, row.settlement_index, hash);
      done.push({ jobId: row.job_id, settlementIndex: row.settlement_index, how: "sent", txHash: hash });
    } catch (error) {
      // A revert is logged with its decoded error and the settlement stays to be looked at; a stuck send is retried.
      if (!(error instanceof ContractWriteError) || error.retryable) throw error;
      logger.error({ err: error, jobId, settlementIndex: row.settlement_index }, "the market refused a settlement");
    }
  }
  return done;
}

async function markConfirmed(db: Kysely<Database>, jobId: string, index: number, txHash: Hex | null): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("settlements").set({ status: "confirmed", updated_at: sql`now()`, ...(txHash ? { tx_hash: txHash } : {}) })
      .where("job_id", "=", jobId).where("settlement_index", "=", index).execute();
    await tx.updateTable("jobs").set({ status: "settled", updated_at: sql`now()` }).where("id", "=", jobId).where("status", "=", "settling").execute();
  });
}
