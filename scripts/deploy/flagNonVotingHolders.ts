import type { Address, Hash } from "viem";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import type { FoundationAddresses } from "./deployFoundation.js";
import type { MarketAddresses } from "./deployMarket.js";
import type { NodesAddresses } from "./deployNodes.js";
import type { ProtocolClients } from "./protocolClients.js";

/**
 * The protocol's large, slow-moving holders of IFX that cannot vote, by construction: the DAO treasury (the timelock:
 * the DAO does not vote with its own treasury), the airdrop's unclaimed tokens, stakes and the buyback's vesting IFX.
 * The TGE flags its vesting wallets itself.
 *
 * Not flagged, on purpose: every change of a flagged holder's balance writes a checkpoint of the non-voting supply
 * (about 22,000 gas at a new timestamp), so holders whose IFX moves with everyday traffic stay unflagged: the
 * IFX/stablecoin pool (every swap, the burn's included), epoch rewards awaiting their claims (every close and claim),
 * the penalty pool (every slash) and the burn (it holds IFX only within its own transaction). Their balances count as
 * votable supply, which only makes the quorum a little larger than the supply that can vote: never easier to reach.
 */
export function nonVotingHolders(f: FoundationAddresses, n: NodesAddresses, _m: MarketAddresses): Address[] {
  return [f.IFXTimelock, f.MerkleAirdrop, n.NodeStaking, n.GuaranteedBuyback];
}

/**
 * Flags `holders` non-voting on the token (the deployer's admin role, before it goes to the timelock), so that the
 * governor's quorum counts only the supply that can vote (IIFXToken, "Votable supply").
 */
export async function flagNonVotingHolders({ viem, publicClient }: ProtocolClients, token: Address, holders: readonly Address[]): Promise<void> {
  const ifx = await viem.getContractAt("IFXToken", token);
  for (const holder of holders) await waitForSuccess(publicClient, ifx.write.setNonVoting([holder, true]) as Promise<Hash>);
}
