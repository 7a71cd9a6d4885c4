import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";
import { packRejection, packWorker, type Settlement } from "./typedData.js";

export interface TaskOutcome {
  taskIndex: number;
  workerId: bigint;
  resultCid: Hex;
  accepted: boolean;
  workWad: bigint;
}

const LEAF_TYPES = ["uint32", "uint256", "bytes32", "bool", "uint128"];

/**
 * The Merkle tree of a settlement's task outcomes (OpenZeppelin merkle-tree, leaves as `MarketHashing.outcomeLeaf`):
 * the root goes on-chain, every task stays provable for disputes and audits.
 */
export function buildOutcomeTree(outcomes: readonly TaskOutcome[]) {
  const tree = StandardMerkleTree.of(
    outcomes.map((o) => [o.taskIndex, o.workerId.toString(), o.resultCid, o.accepted, o.workWad.toString()]),
    LEAF_TYPES,
  );
  return {
    root: tree.root as Hex,
    proof: (taskIndex: number): Hex[] => {
      for (const [i, leaf] of tree.entries()) if (leaf[0] === taskIndex) return tree.getProof(i) as Hex[];
      throw new Error(`task ${taskIndex} is not in this settlement`);
    },
  };
}

/**
 * The settlement of `outcomes` (what the committee signs and `JobMarket.settle` takes): the outcome tree's root, each
 * worker's accepted work as one packed entry (in order of first appearance), and one packed entry per rejected task:
 * its first rejected attempt's worker (the market slashes a task at most once; a later bad attempt of the same task is
 * in the tree, unpaid, and its worker is blocked from the job off-chain). The manager builds it and every verifier
 * rebuilds it from the outcomes it checked: one definition for both.
 */
export function settlementOf(outcomes: readonly TaskOutcome[]): { settlement: Settlement; paidWorkWad: bigint; tree: ReturnType<typeof buildOutcomeTree> } {
  const tree = buildOutcomeTree(outcomes);
  const work = new Map<bigint, bigint>();
  for (const o of outcomes) if (o.accepted) work.set(o.workerId, (work.get(o.workerId) ?? 0n) + o.workWad);
  const settlement: Settlement = {
    outcomesRoot: tree.root,
    workers: [...work].map(([licenseId, workWad]) => packWorker(licenseId, workWad)),
    rejected: slashedOutcomes(outcomes).map((o) => packRejection(o.workerId, o.taskIndex)),
  };
  return { settlement, paidWorkWad: [...work.values()].reduce((a, b) => a + b, 0n), tree };
}

/** The rejected outcomes a settlement slashes: the first rejected attempt of each task, in the outcomes' order. */
export function slashedOutcomes<T extends TaskOutcome>(outcomes: readonly T[]): T[] {
  const seen = new Set<number>();
  return outcomes.filter((o) => !o.accepted && !seen.has(o.taskIndex) && seen.add(o.taskIndex));
}
