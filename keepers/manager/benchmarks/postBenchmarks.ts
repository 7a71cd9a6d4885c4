import type { Kysely } from "kysely";
import { keccak256, toHex, type Address, type Hash, type Hex } from "viem";
import { nodeRegistryAbi } from "../../chain/abis.generated.js";
import { sendContractWrite, type WriteClients } from "../../chain/sendContractWrite.js";
import type { Database } from "../../db/schema.js";

/** `NodeRegistry.BENCHMARK_ROLE`. */
export const BENCHMARK_ROLE: Hex = keccak256(toHex("BENCHMARK_ROLE"));

/** Benchmarks per transaction: about 40k gas each on a node's first benchmark, well inside a block. */
export const MAX_BENCHMARKS_PER_POST = 200;

export type PostOutcome =
  | { how: "posted"; hash: Hash; ids: number[] }
  | { how: "nothing" }
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
 * Verified benchmarks into ONE `NodeRegistry.postBenchmarks` transaction (oldest first, at most
 * `MAX_BENCHMARKS_PER_POST`), then marked `posted` with its hash, so a second call posts nothing again. Without the
 * role nothing is sent and the rows wait (a role granted later posts them). A revert throws with the decoded error
 * and leaves the rows verified for the next round.
 */
export async function postBenchmarks(db: Kysely<Database>, clients: WriteClients, registry: Address): Promise<PostOutcome> {
  const rows = await db.selectFrom("benchmarks").select(["id", "worker_id", "scene_id", "frame_time_ms"])
    .where("status", "=", "verified").orderBy("id").limit(MAX_BENCHMARKS_PER_POST).execute();
  if (rows.length === 0) return { how: "nothing" };
  if (!(await canPostBenchmarks(clients, registry))) return { how: "no_role", operator: clients.wallet.account.address };
  const live = await dropDeadNodes(db, clients, registry, rows);
  if (live.length === 0) return { how: "nothing" };
  // Grouped by scene: the registry reads a scene's reference time once per run of equal scenes.
  const batch = [...live].sort((a, b) => a.scene_id.localeCompare(b.scene_id) || a.id - b.id);
  const { hash } = await sendContractWrite(clients, {
    address: registry, abi: nodeRegistryAbi, functionName: "postBenchmarks", label: "NodeRegistry.postBenchmarks",
    args: [batch.map((r) => ({ licenseId: BigInt(r.worker_id), sceneId: r.scene_id as Hex, frameTimeMs: BigInt(r.frame_time_ms!) }))],
  });
  const ids = live.map((r) => r.id);
  await db.updateTable("benchmarks").set({ status: "posted", tx_hash: hash, updated_at: new Date() }).where("id", "in", ids).where("status", "=", "verified").execute();
  return { how: "posted", hash, ids };
}
