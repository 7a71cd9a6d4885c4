import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";

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
