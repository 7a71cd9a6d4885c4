import type { Context } from "ponder:registry";
import { epoch, nodeEpoch } from "ponder:schema";
import { epochClockAbi } from "../../keepers/chain/abis.generated.js";

type Db = Context["db"];

/** The epoch row, created empty at its first mention (an upsert, so handlers never race on who creates it). */
export async function ensureEpoch(db: Db, n: bigint): Promise<void> {
  await db
    .insert(epoch)
    .values({ id: n, closed: false, paidIbmWad: 0n, feesSettled: 0n, burnedIfx: 0n, settlements: 0 })
    .onConflictDoNothing();
}

/**
 * The epoch the rewards contract credits at this event's block: the clock's current epoch, read at the block
 * (`EpochRewards._runningEpoch` follows the clock; Ponder caches the read per block).
 */
export async function epochAtBlock(context: Context): Promise<bigint> {
  return context.client.readContract({ abi: epochClockAbi, address: context.contracts.EpochClock.address, functionName: "currentEpoch" });
}

/** Adds work to a node's row of an epoch (an upsert); the role is the one it is credited in. */
export async function creditNode(db: Db, nodeId: bigint, n: bigint, role: number, workWad: bigint): Promise<void> {
  await db
    .insert(nodeEpoch)
    .values({ id: `${nodeId}-${n}`, nodeId, epoch: n, role, workWad, forfeited: false })
    .onConflictDoUpdate((row) => ({ workWad: row.workWad + workWad }));
}
