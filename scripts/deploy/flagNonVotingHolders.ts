import type { Address, Hash } from "viem";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import type { FoundationAddresses } from "./deployFoundation.js";
import type { MarketAddresses } from "./deployMarket.js";
import type { NodesAddresses } from "./deployNodes.js";
import type { ProtocolClients } from "./protocolClients.js";

/**
 * The protocol's holders of IFX that cannot vote, by construction: the DAO treasury (the timelock: the DAO does not
 * vote with its own treasury), the airdrop's unclaimed tokens, the IFX/stablecoin pool, stakes, epoch rewards not yet
 * claimed, slashed stake, the buyback's IFX and the burn's. The TGE flags its vesting wallets itself.
 */
export function nonVotingHolders(f: FoundationAddresses, n: NodesAddresses, m: MarketAddresses): Address[] {
  return [
    f.IFXTimelock,
    f.MerkleAirdrop,
    n.ifxStablePair,
    n.NodeStaking,
    n.PenaltyPool,
    n.GuaranteedBuyback,
    m.EpochRewards,
    m.BuyAndBurn,
  ];
}

/**
 * Flags `holders` non-voting on the token (the deployer's admin role, before it goes to the timelock), so that the
 * governor's quorum counts only the supply that can vote (IIFXToken, "Votable supply").
 */
export async function flagNonVotingHolders({ viem, publicClient }: ProtocolClients, token: Address, holders: readonly Address[]): Promise<void> {
  const ifx = await viem.getContractAt("IFXToken", token);
  for (const holder of holders) await waitForSuccess(publicClient, ifx.write.setNonVoting([holder, true]) as Promise<Hash>);
}
