import { sql, type Kysely } from "kysely";
import type { Address, Chain, PublicClient, Transport } from "viem";
import { jobMarketAbi } from "../../chain/abis.generated.js";
import type { Database } from "../../db/schema.js";
import { openEscrowedJob } from "../store/openEscrowedJob.js";
import { nextLogRange, saveLogCursor } from "./nextLogRange.js";

export interface MarketReaderOptions {
  market: Address;
  managerId: bigint;
  /** The deployment's first block: where a new database starts reading. */
  startBlock: bigint;
  /** Blocks left unread behind the head, so a shallow reorg never reaches what was applied (0 on a local chain). */
  confirmations: bigint;
  /** Most blocks per `eth_getLogs` call (RPC providers cap ranges). */
  maxRange: bigint;
}

export interface MarketEventsRead {
  fromBlock: bigint;
  toBlock: bigint;
  opened: string[];
  committees: string[];
  /** Jobs of this manager the artist cancelled or reclaimed (JobClosed): they run no more. */
  closed: string[];
}

/**
 * `IJobMarket.Status` of a JobClosed event, as the job's status here. Left running, a closed job would still be
 * marked, drawn every round (and enough of them keep newer jobs out of the draw's batch), assigned and rendered for
 * nothing: its escrow is gone.
 */
const CLOSED: Readonly<Record<number, "cancelled" | "expired">> = { 4: "cancelled", 5: "expired" };

/**
 * Reads the market's events for this manager from where it stopped (a cursor in the database) up to the confirmed head,
 * one range per call: `JobCreated` of its own quotes opens the job (escrowed, tasks pending), `CommitteeDrawn` stores
 * the seats its verifiers sign with, `JobClosed` (cancelled, or reclaimed past the deadline) ends one of its jobs. Effects are idempotent and the cursor moves after them, so a crash in between
 * re-reads the range harmlessly and a restart resumes where it stopped. Returns what was read, or null when caught up.
 */
export async function readMarketEvents(db: Kysely<Database>, client: PublicClient<Transport, Chain | undefined>, o: MarketReaderOptions): Promise<MarketEventsRead | null> {
  const name = `market:${o.managerId}`;
  const next = await nextLogRange(db, client, name, o);
  if (!next) return null;
  const { fromBlock, toBlock } = next;
  const range = { address: o.market, fromBlock, toBlock, strict: true } as const;
  const created = await client.getContractEvents({ abi: jobMarketAbi, eventName: "JobCreated", args: { managerId: o.managerId }, ...range });
  const drawn = await client.getContractEvents({ abi: jobMarketAbi, eventName: "CommitteeDrawn", ...range });
  const ended = await client.getContractEvents({ abi: jobMarketAbi, eventName: "JobClosed", ...range });
  const opened: string[] = [];
  for (const event of created) if (await openEscrowedJob(db, event.args.jobId)) opened.push(event.args.jobId.toLowerCase());
  const committees: string[] = [];
  for (const event of drawn) {
    const seats = event.args.committee.map((s) => ({ verifierId: s.verifierId.toString(), operator: s.operator }));
    const updated = await db.updateTable("jobs").set({ committee: JSON.stringify(seats) })
      .where("id", "=", event.args.jobId.toLowerCase()).where("committee", "is", null).executeTakeFirst();
    if (updated.numUpdatedRows > 0n) committees.push(event.args.jobId.toLowerCase());
  }
  // After the openings: a job created and closed within one range is opened, then closed.
  const closed: string[] = [];
  for (const event of ended) {
    const status = CLOSED[event.args.status];
    if (!status) continue;
    const updated = await db.updateTable("jobs").set({ status, updated_at: sql`now()` })
      .where("id", "=", event.args.jobId.toLowerCase()).where("status", "in", ["escrowed", "running", "settling", "failed"]).executeTakeFirst();
    if (updated.numUpdatedRows > 0n) closed.push(event.args.jobId.toLowerCase());
  }
  await saveLogCursor(db, name, toBlock);
  return { fromBlock, toBlock, opened, committees, closed };
}
