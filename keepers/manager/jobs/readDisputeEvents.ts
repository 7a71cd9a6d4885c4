import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Address, Chain, PublicClient, Transport } from "viem";
import { jobDisputesAbi } from "../../chain/abis.generated.js";
import type { Database } from "../../db/schema.js";
import { parseSettlementPayload } from "../settle/settlementPayload.js";
import { nextLogRange, saveLogCursor } from "./nextLogRange.js";
import type { MarketReaderOptions } from "./readMarketEvents.js";

export interface DisputeEventsRead {
  toBlock: bigint;
  opened: string[];
  panels: string[];
  resolved: string[];
}

const keyOf = (a: { jobId: string; settlementIndex: bigint; taskIndex: number }) => `${a.jobId.toLowerCase()}#${a.settlementIndex}#${a.taskIndex}`;

/**
 * Reads the disputes of this manager's jobs (IJobDisputes) from where it stopped, one range per call, as
 * `readMarketEvents` reads the market: `DisputeOpened` records the dispute and the accepted attempt it is about (from
 * the settlement's stored outcomes), `DisputePanelDrawn` its panel, `DisputeResolved` its end. Disputes of other
 * managers' jobs are not ours to serve and are skipped. Idempotent; the cursor moves after the effects.
 */
export async function readDisputeEvents(db: Kysely<Database>, client: PublicClient<Transport, Chain | undefined>, disputes: Address, o: MarketReaderOptions): Promise<DisputeEventsRead | null> {
  const name = `disputes:${o.managerId}`;
  const next = await nextLogRange(db, client, name, o);
  if (!next) return null;
  const { fromBlock, toBlock } = next;
  const range = { address: disputes, abi: jobDisputesAbi, fromBlock, toBlock, strict: true } as const;
  const [openedEvents, drawnEvents, resolvedEvents] = await Promise.all([
    client.getContractEvents({ ...range, eventName: "DisputeOpened" }),
    client.getContractEvents({ ...range, eventName: "DisputePanelDrawn" }),
    client.getContractEvents({ ...range, eventName: "DisputeResolved" }),
  ]);
  const opened: string[] = [];
  for (const { args: a } of openedEvents) {
    const jobId = a.jobId.toLowerCase();
    const settlement = await db.selectFrom("settlements").select("payload").where("job_id", "=", jobId).where("settlement_index", "=", Number(a.settlementIndex)).executeTakeFirst();
    if (!settlement) continue; // not one of this manager's settlements
    const outcome = parseSettlementPayload(settlement.payload, `${jobId}#${a.settlementIndex}`).outcomes.find((x) => x.taskIndex === a.taskIndex && x.accepted);
    const inserted = await db.insertInto("disputes").values({ job_id: jobId, settlement_index: Number(a.settlementIndex), task_index: a.taskIndex, attempt_id: outcome?.attemptId ?? null })
      .onConflict((c) => c.columns(["job_id", "settlement_index", "task_index"]).doNothing()).executeTakeFirst();
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) opened.push(keyOf(a));
  }
  const panels: string[] = [];
  for (const { args: a } of drawnEvents) {
    const seats = a.panel.map((s) => ({ verifierId: s.verifierId.toString(), operator: s.operator }));
    const updated = await db.updateTable("disputes").set({ panel: JSON.stringify(seats), updated_at: sql`now()` })
      .where("job_id", "=", a.jobId.toLowerCase()).where("settlement_index", "=", Number(a.settlementIndex)).where("task_index", "=", a.taskIndex).executeTakeFirst();
    if (updated.numUpdatedRows > 0n) panels.push(keyOf(a));
  }
  const resolved: string[] = [];
  for (const { args: a } of resolvedEvents) {
    const updated = await db.updateTable("disputes").set({ status: "resolved", updated_at: sql`now()` })
      .where("job_id", "=", a.jobId.toLowerCase()).where("settlement_index", "=", Number(a.settlementIndex)).where("task_index", "=", a.taskIndex).executeTakeFirst();
    if (updated.numUpdatedRows > 0n) resolved.push(keyOf(a));
  }
  await saveLogCursor(db, name, toBlock);
  return { toBlock, opened, panels, resolved };
}
