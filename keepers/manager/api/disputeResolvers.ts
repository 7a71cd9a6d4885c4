import { GraphQLError } from "graphql";
import { buildOutcomeTree } from "../../market/taskOutcomes.js";
import type { ApiContext } from "./authenticateNode.js";
import { badUserInput } from "./parseQuoteInput.js";
import { committeeHashOf, outcomeLeaves, parseSettlementPayload } from "../settle/settlementPayload.js";

function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "NOT_FOUND" } });
}

export const disputeQueries = {
  /**
   * What `JobDisputes.openDispute(jobId, settlementIndex, outcome, proof, committee, roots, result)` needs for an
   * accepted task of a confirmed settlement. `roots` is every root the job has settled, in order (the contract hashes
   * the committee and all of them into the job's seal): the latest confirmed settlement's prior roots and its own root.
   * `resultSignature` is the worker's signed result, which the contract requires: only the worker that signed the
   * result can be slashed. Proofs are public (the outcomes are on-chain in the root), so anyone may ask; only the
   * artist can use one.
   */
  async disputeProof(_: unknown, { jobId, taskIndex }: { jobId: string; taskIndex: number }, context: ApiContext) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(jobId)) throw badUserInput(`jobId must be a bytes32 hex word, got "${jobId.slice(0, 80)}"`);
    if (!Number.isInteger(taskIndex) || taskIndex < 0) throw badUserInput(`taskIndex must be a task's index (0 or more), got ${taskIndex}`);
    const rows = await context.deps.db.selectFrom("settlements").select(["settlement_index", "outcomes_root", "payload"])
      .where("job_id", "=", jobId.toLowerCase()).where("status", "=", "confirmed").orderBy("settlement_index").execute();
    if (rows.length === 0) throw notFound(`job ${jobId} has no confirmed settlement on this manager`);
    const settlements = rows.map((r) => ({ index: r.settlement_index, root: r.outcomes_root, payload: parseSettlementPayload(r.payload, `${jobId}#${r.settlement_index}`) }));
    const latest = settlements.at(-1)!;
    const roots = [...latest.payload.priorRoots, latest.root];
    if (roots.length !== latest.index + 1) throw new Error(`settlement ${jobId}#${latest.index} lists ${latest.payload.priorRoots.length} prior roots`);
    // The task's latest accepted outcome: a task settled twice (re-rendered after a rejection) is disputed where it was accepted.
    const settled = settlements.filter((s) => s.payload.outcomes.some((o) => o.taskIndex === taskIndex && o.accepted)).at(-1);
    if (!settled) throw notFound(`task ${taskIndex} of job ${jobId} is not an accepted outcome of a confirmed settlement`);
    const leaves = outcomeLeaves(settled.payload);
    const tree = buildOutcomeTree(leaves);
    if (tree.root.toLowerCase() !== settled.root.toLowerCase()) throw new Error(`settlement ${jobId}#${settled.index}: its outcomes hash to ${tree.root}, not its root ${settled.root}`);
    const outcome = leaves.find((o) => o.taskIndex === taskIndex && o.accepted)!;
    const stored = settled.payload.outcomes.find((o) => o.taskIndex === taskIndex && o.accepted)!;
    if (!stored.resultSignature) throw notFound(`task ${taskIndex} of job ${jobId} was settled without its worker's signed result, which a dispute needs`);
    const job = await context.deps.db.selectFrom("jobs").select(["committee"]).where("id", "=", jobId.toLowerCase()).executeTakeFirst();
    if (!job?.committee || committeeHashOf(job.committee).toLowerCase() !== settled.payload.committeeHash.toLowerCase()) {
      throw new Error(`job ${jobId}: its stored committee does not hash to the settlement's committee hash ${settled.payload.committeeHash}`);
    }
    return {
      jobId: jobId.toLowerCase(), settlementIndex: settled.index,
      outcome: { taskIndex, workerId: outcome.workerId.toString(), resultCid: stored.resultCid, resultWord: outcome.resultCid, accepted: true, workWad: outcome.workWad.toString() },
      proof: tree.proof(taskIndex), committeeHash: settled.payload.committeeHash, roots,
      committee: job.committee.map((s) => ({ verifierId: s.verifierId, operator: s.operator })), resultSignature: stored.resultSignature,
    };
  },
};
