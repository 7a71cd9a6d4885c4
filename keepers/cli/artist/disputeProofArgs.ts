import type { Address, Hex } from "viem";
import { toCompactWords } from "../../market/typedData.js";

/** The manager's `disputeProof` answer (GraphQL `DisputeProof`). */
export interface DisputeProofAnswer {
  jobId: Hex;
  settlementIndex: number;
  outcome: { taskIndex: number; workerId: string; resultCid: string; resultWord: Hex; accepted: boolean; workWad: string };
  proof: Hex[];
  committeeHash: Hex;
  committee: { verifierId: string; operator: Address }[];
  roots: Hex[];
  resultSignature: Hex;
}

export const DISPUTE_PROOF_QUERY = `query($jobId: String!, $taskIndex: Int!) { disputeProof(jobId: $jobId, taskIndex: $taskIndex) {
  jobId settlementIndex outcome { taskIndex workerId resultCid resultWord accepted workWad } proof committeeHash roots
  committee { verifierId operator } resultSignature
} }`;

/**
 * `JobDisputes.openDispute`'s arguments from a proof. Nothing here is trusted: the contract checks the leaf against the
 * job's on-chain trail and the signature against the worker's bound key, so a wrong answer is refused on-chain.
 */
export function openDisputeArgs(jobId: Hex, p: DisputeProofAnswer) {
  const outcome = { taskIndex: p.outcome.taskIndex, workerId: BigInt(p.outcome.workerId), resultCid: p.outcome.resultWord, accepted: p.outcome.accepted, workWad: BigInt(p.outcome.workWad) };
  const committee = p.committee.map((s) => ({ verifierId: BigInt(s.verifierId), operator: s.operator }));
  const [r, vs] = toCompactWords(p.resultSignature);
  return [jobId, BigInt(p.settlementIndex), outcome, p.proof, committee, p.roots, { resultCid: p.outcome.resultWord, r, vs }] as const;
}
