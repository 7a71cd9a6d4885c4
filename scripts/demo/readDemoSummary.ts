import type { Hex } from "viem";
import type { IndexerProcess } from "../lib/startIndexer.js";
import { formatIfx, renderTable } from "../lib/format.js";

type Items<T> = { items: T[] };

/** What the demo reports, every figure as the indexer serves it over GraphQL (decimal strings of on-chain integers). */
export interface DemoSummary {
  job: { escrow: string; feesSettled: string; feesReleased: string; workWad: string; paidWorkWad: string; taskCount: number; settlements: number };
  epochs: Items<{ id: string; paidIbmWad: string; ibmeBps: string; mintedIfx: string; workersPoolIfx: string; verifiersPoolIfx: string; managersPoolIfx: string; penaltyIfx: string; toDaoIfx: string }>;
  burns: Items<{ stableIn: string; ifxBurned: string }>;
  nodes: Items<{ id: string; role: number; stake: string }>;
  nodeEpochs: Items<{ nodeId: string; role: number; workWad: string; earnedIfx: string | null; forfeited: boolean }>;
  claims: Items<{ nodeId: string; amount: string }>;
  slashs: Items<{ nodeId: string; amount: string }>;
  penaltyPool: { received: string; released: string; pending: string } | null;
  parameterChanges: Items<{ name: string; oldValue: string; newValue: string }>;
  tokenSupply: { totalSupply: string; burned: string };
}

const QUERY = `query($job: String!) {
  job(id: $job) { escrow feesSettled feesReleased workWad paidWorkWad taskCount settlements }
  epochs(where: { closed: true }, orderBy: "id") { items { id paidIbmWad ibmeBps mintedIfx workersPoolIfx verifiersPoolIfx managersPoolIfx penaltyIfx toDaoIfx } }
  burns { items { stableIn ifxBurned } }
  nodes(orderBy: "id", limit: 100) { items { id role stake } }
  nodeEpochs(orderBy: "nodeId", limit: 1000) { items { nodeId role workWad earnedIfx forfeited } }
  claims(limit: 100) { items { nodeId amount } }
  slashs(limit: 100) { items { nodeId amount } }
  penaltyPool(id: "pool") { received released pending }
  parameterChanges(limit: 100) { items { name oldValue newValue } }
  tokenSupply(id: "IFX") { totalSupply burned }
}`;

/** Reads the demo's outcome from the indexer once it has caught up with the chain's head. */
export async function readDemoSummary(indexer: IndexerProcess, headBlock: bigint, jobId: Hex): Promise<DemoSummary> {
  await indexer.caughtUp(headBlock, 120_000);
  const summary = await indexer.graphql<DemoSummary>(QUERY, { job: jobId.toLowerCase() });
  if (!summary.job || summary.epochs.items.length === 0) throw new Error(`the indexer has no record of job ${jobId} or of a closed epoch`);
  return summary;
}

const ROLE = ["worker", "verifier", "manager"];
const ifx = (v: string | null | undefined) => (v === null || v === undefined ? "-" : formatIfx(BigInt(v)));
const sum = (values: string[]) => values.reduce((total, v) => total + BigInt(v), 0n);

/** The summary as a person reads it: the job's money, each closed epoch's mint, each node's earnings, burns and penalties. */
export function formatDemoSummary(s: DemoSummary): string {
  const claimedBy = new Map<string, bigint>();
  for (const c of s.claims.items) claimedBy.set(c.nodeId, (claimedBy.get(c.nodeId) ?? 0n) + BigInt(c.amount));
  const slashedBy = new Map<string, bigint>();
  for (const x of s.slashs.items) slashedBy.set(x.nodeId, (slashedBy.get(x.nodeId) ?? 0n) + BigInt(x.amount));
  const earnedBy = new Map<string, bigint>();
  const workBy = new Map<string, bigint>();
  for (const w of s.nodeEpochs.items) {
    workBy.set(w.nodeId, (workBy.get(w.nodeId) ?? 0n) + BigInt(w.workWad));
    if (!w.forfeited) earnedBy.set(w.nodeId, (earnedBy.get(w.nodeId) ?? 0n) + BigInt(w.earnedIfx ?? "0"));
  }
  const nodes = renderTable(["node", "role", "stake (IFX)", "work (IBM)", "earned (IFX)", "claimed (IFX)", "slashed (IFX)"], s.nodes.items.map((node) => [
    `#${node.id}`, ROLE[node.role] ?? String(node.role), formatIfx(BigInt(node.stake)), formatIfx(workBy.get(node.id) ?? 0n), formatIfx(earnedBy.get(node.id) ?? 0n),
    formatIfx(claimedBy.get(node.id) ?? 0n), formatIfx(slashedBy.get(node.id) ?? 0n),
  ]));
  return [
    `job: ${s.job.taskCount} tasks, ${formatIfx(BigInt(s.job.paidWorkWad))} of ${formatIfx(BigInt(s.job.workWad))} IBM paid in ${s.job.settlements} settlement(s); fee ${ifx(s.job.escrow)} ifxDollar escrowed, ${ifx(s.job.feesSettled)} settled, ${ifx(s.job.feesReleased)} released`,
    `burned: ${ifx(sum(s.burns.items.map((b) => b.ifxBurned)).toString())} IFX for ${formatIfx(sum(s.burns.items.map((b) => b.stableIn)), 6)} USD in ${s.burns.items.length} batch(es); IFX supply now ${ifx(s.tokenSupply.totalSupply)} (${ifx(s.tokenSupply.burned)} burned in all)`,
    ...s.epochs.items.map((e) => `epoch ${e.id}: W = ${ifx(e.paidIbmWad)} IBM, IBME ${(Number(e.ibmeBps) / 100).toFixed(2)}%, minted ${ifx(e.mintedIfx)} IFX: workers ${ifx(e.workersPoolIfx)}, verifiers ${ifx(e.verifiersPoolIfx)}, managers ${ifx(e.managersPoolIfx)}, DAO ${ifx(e.toDaoIfx)}; penalties to verifiers ${ifx(e.penaltyIfx)}`),
    `slashed: ${ifx(sum(s.slashs.items.map((x) => x.amount)).toString())} IFX of stake in ${s.slashs.items.length} slash(es); penalty pool received ${ifx(s.penaltyPool?.received)}, released ${ifx(s.penaltyPool?.released)}, pending ${ifx(s.penaltyPool?.pending)} IFX`,
    ...s.parameterChanges.items.filter((p) => p.name === "emissionRatePerIbm").map((p) => `DAO: E_p ${ifx(p.oldValue)} -> ${ifx(p.newValue)} IFX per IBM (from the next epoch's close)`),
    nodes,
  ].join("\n");
}
