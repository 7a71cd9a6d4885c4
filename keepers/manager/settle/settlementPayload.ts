import { encodeAbiParameters, keccak256, type Hex } from "viem";
import type { CommitteeSeat } from "../../db/schema.js";
import type { TaskOutcome } from "../../market/taskOutcomes.js";

/** One task outcome as the manager keeps it: the leaf's fields, the result's CID text and the attempt it came from. */
export interface StoredOutcome {
  taskIndex: number;
  workerId: string;
  resultCid: string;
  /** The result CID as the leaf's word (`cidToWord`). */
  resultWord: Hex;
  accepted: boolean;
  workWad: string;
  attemptId: number;
}

/**
 * A built settlement (the `settlements.payload` column): the outcomes under its root, the packed entries the committee
 * signs, and what `settle` and a later `dispute` need to prove the job's trail (the committee's hash, earlier roots).
 */
export interface SettlementPayload {
  outcomes: StoredOutcome[];
  workers: string[];
  rejected: string[];
  committeeHash: Hex;
  priorRoots: Hex[];
}

export function toTaskOutcome(o: StoredOutcome): TaskOutcome {
  return { taskIndex: o.taskIndex, workerId: BigInt(o.workerId), resultCid: o.resultWord, accepted: o.accepted, workWad: BigInt(o.workWad) };
}

/** The drawn committee as `JobMarket.settle` takes it. */
export function seatsOf(committee: readonly CommitteeSeat[]): { verifierId: bigint; operator: Hex }[] {
  return committee.map((s) => ({ verifierId: BigInt(s.verifierId), operator: s.operator as Hex }));
}

/** `JobMarket.committeeHashOf`: keccak256 of the ABI-encoded seats, the start of a job's trail. */
export function committeeHashOf(committee: readonly CommitteeSeat[]): Hex {
  const seatTuple = { type: "tuple[]", components: [{ name: "verifierId", type: "uint256" }, { name: "operator", type: "address" }] } as const;
  return keccak256(encodeAbiParameters([seatTuple], [seatsOf(committee)]));
}
