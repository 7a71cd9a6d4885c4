import type { Kysely } from "kysely";
import type { Chain, PublicClient, Transport } from "viem";
import type { Database } from "../../db/schema.js";

/**
 * The next range of blocks a chain reader named `cursor` reads: from where it stopped (its cursor in the database, or
 * the deployment's first block) to the confirmed head, at most `maxRange` blocks (RPC providers cap `eth_getLogs`
 * ranges); null when it has caught up. The reader moves the cursor with `saveLogCursor` once the range's effects are in.
 */
export async function nextLogRange(db: Kysely<Database>, client: PublicClient<Transport, Chain | undefined>, cursor: string, o: { startBlock: bigint; confirmations: bigint; maxRange: bigint }) {
  const saved = await db.selectFrom("chain_cursors").select("next_block").where("name", "=", cursor).executeTakeFirst();
  const fromBlock = saved ? BigInt(saved.next_block) : o.startBlock;
  const head = (await client.getBlockNumber()) - o.confirmations;
  if (head < fromBlock) return null;
  const toBlock = head - fromBlock + 1n > o.maxRange ? fromBlock + o.maxRange - 1n : head;
  return { fromBlock, toBlock };
}

/** Records that `cursor` has applied every block up to `toBlock`. */
export async function saveLogCursor(db: Kysely<Database>, cursor: string, toBlock: bigint): Promise<void> {
  await db.insertInto("chain_cursors").values({ name: cursor, next_block: toBlock + 1n })
    .onConflict((c) => c.column("name").doUpdateSet({ next_block: toBlock + 1n })).execute();
}
