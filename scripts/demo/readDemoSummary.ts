import type { Hex } from "viem";
import type { IndexerProcess } from "../lib/startIndexer.js";
import { formatIfx, renderTable } from "../lib/format.js";

type Items<T> = { items: T[] };

/** What the demo reports, every figure as the indexer serves it over GraphQL (decimal strings of on-chain integers). */
export interface DemoSummary {
  job: { escrow: string; feesSettled: string; feesReleased: string; workWad: string; paidWorkWad: string; taskCount: number; settlements: number };
  epoch: { id: string; paidIbmWad: string; ibmeBps: string; mintedIfx: string; workersPoolIfx: string; verifiersPoolIfx: string; managersPoolIfx: string; penaltyIfx: string; toDaoIfx: string };
  burns: Items<{ stableIn: string; ifxBurned: string }>;
  nodes: Items<{ id: string; role: number; stake: string }>;
  nodeEpochs: Items<{ nodeId: string; role: number; workWad: string; earnedIfx: string | null; forfeited: boolean }>;
  claims: Items<{ nodeId: string; amount: string }>;
  slashs: Items<{ nodeId: string; amount: string }>;
  penaltyPool: { received: string; released: string; pending: string } | null;
  parameterChanges: Items<{ name: string; oldValue: string; newValue: string }>;
  tokenSupply: { totalSupply: string; burned: string };
}

const QUERY = `query($job: String!, $epoch: BigInt!) {
  job(id: $job) { escrow feesSettled feesReleased workWad paidWorkWad taskCount settlements }
  epoch(id: $epoch) { id paidIbmWad ibmeBps mintedIfx workersPoolIfx verifiersPoolIfx managersPoolIfx penaltyIfx toDaoIfx }
  burns { items { stableIn ifxBurned } }
  nodes(orderBy: "id", limit: 100) { items { id role stake } }
  nodeEpochs(where: { epoch: $epoch }, orderBy: "nodeId", limit: 100) { items { nodeId role workWad earnedIfx forfeited } }
  claims(limit: 100) { items { nodeId amount } }
  slashs(limit: 100) { items { nodeId amount } }
  penaltyPool(id: "pool") { received released pending }
  parameterChanges(limit: 100) { items { name oldValue newValue } }
  tokenSupply(id: "IFX") { totalSupply burned }
}`;

/** Reads the demo's outcome from the indexer once it has caught up with the chain's head. */
export async function readDemoSummary(indexer: IndexerProcess, headBlock: bigint, jobId: Hex, epoch: bigint): Promise<DemoSummary> {
  await indexer.caughtUp(headBlock, 120_000);
  const summary = await indexer.graphql<DemoSummary>(QUERY, { job: jobId.toLowerCase(), epoch: epoch.toString() });
  if (!summary.job || !summary.epoch) throw new Error(`the indexer has no record of job ${jobId} or epoch ${epoch}`);
  return summary;
}

const ROLE = ["worker", "verifier", "manager"];
const ifx = (v: string | null | undefined) => (v === null || v === undefined ? "-" : formatIfx(BigInt(v)));
const sum = (values: string[]) => values.reduce((total, v) => total + BigInt(v), 0n);

/** The summary as a person reads it: the job's money, the epoch's mint, each node's earnings, burns and penalties. */
export function formatDemoSummary(s: DemoSummary): string {
  const claimedBy = new Map<string, bigint>();
  for (const c of s.claims.items) claimedBy.set(c.nodeId, (claimedBy.get(c.nodeId) ?? 0n) + BigInt(c.amount));
  const slashedBy = new Map<string, bigint>();
  for (const x of s.slashs.items) slashedBy.set(x.nodeId, (slashedBy.get(x.nodeId) ?? 0n) + BigInt(x.amount));
  const worked = new Map(s.nodeEpochs.items.map((n) => [n.nodeId, n]));
  const nodes = renderTable(["node", "role", "stake (IFX)", "work (IBM)", "earned (IFX)", "claimed (IFX)", "slashed (IFX)"], s.nodes.items.map((node) => {
    const w = worked.get(node.id);
    return [
      `#${node.id}`, ROLE[node.role] ?? String(node.role), formatIfx(BigInt(node.stake)), formatIfx(BigInt(w?.workWad ?? "0")), w?.forfeited ? "forfeited" : ifx(w?.earnedIfx ?? "0"),
      formatIfx(claimedBy.get(node.id) ?? 0n), formatIfx(slashedBy.get(node.id) ?? 0n),
    ];
  }));
  const e = s.epoch;
  return [
    `job: ${s.job.taskCount} tasks, ${formatIfx(BigInt(s.job.paidWorkWad))} of ${formatIfx(BigInt(s.job.workWad))} IBM paid in ${s.job.settlements} settlement(s); fee ${ifx(s.job.escrow)} ifxDollar escrowed, ${ifx(s.job.feesSettled)} settled, ${ifx(s.job.feesReleased)} released`,
    `burned: ${ifx(sum(s.burns.items.map((b) => b.ifxBurned)).toString())} IFX for ${formatIfx(sum(s.burns.items.map((b) => b.stableIn)), 6)} USD in ${s.burns.items.length} batch(es); IFX supply now ${ifx(s.tokenSupply.totalSupply)} (${ifx(s.tokenSupply.burned)} burned in all)`,
    `epoch ${e.id}: W = ${ifx(e.paidIbmWad)} IBM, IBME ${(Number(e.ibmeBps) / 100).toFixed(2)}%, minted ${ifx(e.mintedIfx)} IFX: workers ${ifx(e.workersPoolIfx)}, verifiers ${ifx(e.verifiersPoolIfx)}, managers ${ifx(e.managersPoolIfx)}, DAO ${ifx(e.toDaoIfx)}; penalties to verifiers ${ifx(e.penaltyIfx)}`,
    `slashed: ${ifx(sum(s.slashs.items.map((x) => x.amount)).toString())} IFX of stake in ${s.slashs.items.length} slash(es); penalty pool received ${ifx(s.penaltyPool?.received)}, released ${ifx(s.penaltyPool?.released)}, pending ${ifx(s.penaltyPool?.pending)} IFX`,
    ...s.parameterChanges.items.filter((p) => p.name === "emissionRatePerIbm").map((p) => `DAO: E_p ${ifx(p.oldValue)} -> ${ifx(p.newValue)} IFX per IBM (from the next epoch's close)`),
    nodes,
  ].join("\n");
}
