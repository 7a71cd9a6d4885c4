import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress, type Address, type Hex } from "viem";
import type { AirdropClaim } from "../../keepers/chain/deploymentFile.js";

/** WP Table II: 3,000,000 IFX unlocked at TGE for the community airdrop. */
export const AIRDROP_TOTAL = 3_000_000n * 10n ** 18n;

export interface AllowanceTree {
  root: Hex;
  claims: AirdropClaim[];
}

/**
 * A Merkle tree of `(address, uint256)` allowances with OpenZeppelin's merkle-tree (double-hashed leaves, as
 * `MerkleAirdrop` and `NodeLicense` verify them) and every entry's proof. Refuses duplicates and non-positive amounts.
 * `what` names the list in errors.
 */
export function buildAllowanceTree(entries: readonly { account: Address; amount: bigint }[], what: string): AllowanceTree {
  if (entries.length === 0) throw new Error(`${what} list is empty`);
  const seen = new Set<string>();
  for (const { account, amount } of entries) {
    const key = getAddress(account);
    if (seen.has(key)) throw new Error(`${what} lists ${key} twice: one entry per account`);
    if (amount <= 0n) throw new Error(`${what} amount for ${key} must be positive, got ${amount}`);
    seen.add(key);
  }
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

/** The airdrop's tree; refuses lists that the 3,000,000 IFX unlock could not pay in full. */
export function buildAirdrop(entries: readonly { account: Address; amount: bigint }[]): AllowanceTree {
  const total = entries.reduce((sum, e) => sum + e.amount, 0n);
  if (total > AIRDROP_TOTAL) throw new Error(`airdrop list sums to ${total} wei, above the 3,000,000 IFX unlocked for it`);
  return buildAllowanceTree(entries, "airdrop");
}
