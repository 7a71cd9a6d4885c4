import type { Kysely } from "kysely";
import { keccak256, toHex, type Address, type Hash, type Hex } from "viem";
import { nodeRegistryAbi } from "../../chain/abis.generated.js";
import { ContractWriteError, sendContractWrite, type WriteClients } from "../../chain/sendContractWrite.js";
import type { Database } from "../../db/schema.js";

/** `NodeRegistry.BENCHMARK_ROLE`. */
export const BENCHMARK_ROLE: Hex = keccak256(toHex("BENCHMARK_ROLE"));

/** Benchmarks per transaction: about 40k gas each on a node's first benchmark, well inside a block. */
export const MAX_BENCHMARKS_PER_POST = 200;

export type PostOutcome =
  | { how: "posted"; hash: Hash; ids: number[] }
  | { how: "nothing" }
  | { how: "pending"; hash: Hash }
  | { how: "no_role"; operator: Address };

/** Whether the manager's operator may post benchmarks (the foundation grants BENCHMARK_ROLE to its managers, WP §VI-I3). */
export async function canPostBenchmarks(clients: WriteClients, registry: Address): Promise<boolean> {
  return clients.publicClient.readContract({ address: registry, abi: nodeRegistryAbi, functionName: "hasRole", args: [BENCHMARK_ROLE, clients.wallet.account.address] });
}

/**
 * Rows whose node the registry would refuse (retired, blacklisted, gone since the challenge) are rejected here: one
 * of them would revert the whole batch, round after round.
 */
async function dropDeadNodes<R extends { id: number; worker_id: string }>(db: Kysely<Database>, clients: WriteClients, registry: Address, rows: readonly R[]): Promise<R[]> {
  const nodes = await Promise.all(rows.map((r) => clients.publicClient.readContract({ address: registry, abi: nodeRegistryAbi, functionName: "node", args: [BigInt(r.worker_id)] })));
  const dead = rows.filter((_, i) => !nodes[i]!.registered || nodes[i]!.retired || nodes[i]!.blacklisted).map((r) => r.id);
  if (dead.length > 0) {
    await db.updateTable("benchmarks").set({ status: "rejected", reason: "the node is no longer live in the registry", updated_at: new Date() }).where("id", "in", dead).execute();
  }
  return rows.filter((r) => !dead.includes(r.id));
}

/**
 * A post whose receipt did not come in time left its hash on the rows: mined, they are posted; reverted or dropped,
 * the hash is cleared and they are posted again; still in the mempool, the caller waits (a second post of the same
 * times would move the IB a second bounded step). Returns the hash still pending, if any.
 */
async function settlePendingPost(db: Kysely<Database>, clients: WriteClients): Promise<Hash | undefined> {
  const pending = await db.selectFrom("benchmarks").select("tx_hash").where("status", "=", "verified").where("tx_hash", "is not", null).executeTakeFirst();
  if (!pending) return undefined;
  const hash = pending.tx_hash as Hash;
  const receipt = await clients.publicClient.getTransactionReceipt({ hash }).catch(() => null);
  const inMempool = receipt === null && (await clients.publicClient.getTransaction({ hash }).then(() => true, () => false));
  if (inMempool) return hash;
  const rows = db.updateTable("benchmarks").where("status", "=", "verified").where("tx_hash", "=", hash);
  if (receipt?.status === "success") await rows.set({ status: "posted", updated_at: new Date() }).execute();
  else await rows.set({ tx_hash: null, updated_at: new Date() }).execute();
  return undefined;
}

/**
 * Verified benchmarks into ONE `NodeRegistry.postBenchmarks` transaction (oldest first, at most
 * `MAX_BENCHMARKS_PER_POST`), then marked `posted` with its hash, so a second call posts nothing again. Without the
 * role nothing is sent and the rows wait (a role granted later posts them). A revert throws with the decoded error
 * and leaves the rows verified for the next round; a receipt that does not come keeps the hash (`settlePendingPost`).
 */
export async function postBenchmarks(db: Kysely<Database>, clients: WriteClients, registry: Address): Promise<PostOutcome> {
  const pending = await settlePendingPost(db, clients);
  if (pending) return { how: "pending", hash: pending };
  const rows = await db.selectFrom("benchmarks").select(["id", "worker_id", "scene_id", "frame_time_ms"])
    .where("status", "=", "verified").orderBy("id").limit(MAX_BENCHMARKS_PER_POST).execute();
  if (rows.length === 0) return { how: "nothing" };
  if (!(await canPostBenchmarks(clients, registry))) return { how: "no_role", operator: clients.wallet.account.address };
  const live = await dropDeadNodes(db, clients, registry, rows);
  if (live.length === 0) return { how: "nothing" };
  // Grouped by scene: the registry reads a scene's reference time once per run of equal scenes.
  const batch = [...live].sort((a, b) => a.scene_id.localeCompare(b.scene_id) || a.id - b.id);
  const ids = live.map((r) => r.id);
  let hash: Hash;
  try {
    ({ hash } = await sendContractWrite(clients, {
      address: registry, abi: nodeRegistryAbi, functionName: "postBenchmarks", label: "NodeRegistry.postBenchmarks",
      args: [batch.map((r) => ({ licenseId: BigInt(r.worker_id), sceneId: r.scene_id as Hex, frameTimeMs: BigInt(r.frame_time_ms!) }))],
    }));
  } catch (error) {
    if (error instanceof ContractWriteError && error.stage === "receipt" && error.revert === undefined && error.hash) {
      await db.updateTable("benchmarks").set({ tx_hash: error.hash, updated_at: new Date() }).where("id", "in", ids).where("status", "=", "verified").execute();
    }
    throw error;
  }
  await db.updateTable("benchmarks").set({ status: "posted", tx_hash: hash, updated_at: new Date() }).where("id", "in", ids).where("status", "=", "verified").execute();
  return { how: "posted", hash, ids };
}
