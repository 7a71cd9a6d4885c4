import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress, type Address, type Hex } from "viem";
import type { AirdropClaim } from "../../keepers/chain/deploymentFile.js";

/** WP Table II: 3,000,000 IFX unlocked at TGE for the community airdrop. */
export const AIRDROP_TOTAL = 3_000_000n * 10n ** 18n;

export interface AirdropTree {
  root: Hex;
  claims: AirdropClaim[];
}

/**
 * Builds the airdrop's Merkle tree with OpenZeppelin's merkle-tree (leaves `(address, uint256)`, double-hashed, as
 * `MerkleAirdrop` verifies) and every claimant's proof. Refuses lists that could not be paid in full.
 */
export function buildAirdrop(entries: readonly { account: Address; amount: bigint }[]): AirdropTree {
  if (entries.length === 0) throw new Error("airdrop list is empty");
  const seen = new Set<string>();
  let total = 0n;
  for (const { account, amount } of entries) {
    const key = getAddress(account);
    if (seen.has(key)) throw new Error(`airdrop lists ${key} twice: one claim per account`);
    if (amount <= 0n) throw new Error(`airdrop amount for ${key} must be positive, got ${amount}`);
    seen.add(key);
    total += amount;
  }
  if (total > AIRDROP_TOTAL) throw new Error(`airdrop list sums to ${total} wei, above the 3,000,000 IFX unlocked for it`);
  const tree = StandardMerkleTree.of(
    entries.map((e) => [getAddress(e.account), e.amount.toString()]),
    ["address", "uint256"],
  );
  const claims: AirdropClaim[] = [];
  for (const [i, [account, amount]] of tree.entries()) {
    claims.push({ account: account as Address, amount: BigInt(amount as string), proof: tree.getProof(i) as Hex[] });
  }
  return { root: tree.root as Hex, claims };
}
