import { zeroAddress, type Address, type Hash, type Hex } from "viem";
import { sceneKey } from "../../keepers/chain/paramKeys.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import type { ProtocolClients } from "./protocolClients.js";

export interface GovernanceSettings {
  votingDelaySeconds: number;
  votingPeriodSeconds: number;
  proposalThreshold: bigint;
  quorumPercent: number;
  timelockDelaySeconds: number;
}

/** TGE holders, one per tranche (see TokenGenerationEvent). The community fund is always the DAO's timelock. */
export interface TgeHolders {
  seed: Address;
  strategic: Address;
  kol: Address;
  publicSale: Address;
  liquidity: Address;
  foundation: Address;
}

export interface FoundationInput {
  deployer: Address;
  stablecoin: Address;
  governance: GovernanceSettings;
  holders: TgeHolders;
  airdropRoot: Hex;
  claimDeadline: bigint;
  tgeNotBefore: bigint;
  /** T_G^0 of each IB sample scene (WP eq. 19), milliseconds per frame, by scene name. */
  referenceTimesMs: Record<string, bigint>;
}

export interface FoundationAddresses {
  IFXToken: Address;
  IFXTimelock: Address;
  IFXGovernor: Address;
  ParameterRegistry: Address;
  MerkleAirdrop: Address;
  TokenGenerationEvent: Address;
  EcosystemFund: Address;
  IFXDollar: Address;
  tgeHolders: Record<string, Address>;
}

/**
 * Token, DAO (governor + timelock), parameter registry, TGE with its airdrop, ecosystem fund and credits, with the
 * minters wired and the governor as the timelock's proposer. Admin roles stay with the deployer until `handOverRoles`.
 */
export async function deployFoundation({ viem, publicClient }: ProtocolClients, input: FoundationInput): Promise<FoundationAddresses> {
  const send = (hash: Promise<Hash>) => waitForSuccess(publicClient, hash);
  const { governance: g, deployer } = input;
  const token = await viem.deployContract("IFXToken", []);
  const timelock = await viem.deployContract("IFXTimelock", [BigInt(g.timelockDelaySeconds), [], [zeroAddress], deployer]);
  const governor = await viem.deployContract("IFXGovernor", [
    token.address,
    timelock.address,
    g.votingDelaySeconds,
    g.votingPeriodSeconds,
    g.proposalThreshold,
    BigInt(g.quorumPercent),
  ]);
  // Owned by the deployer only until `handOverRoles`, so that the sample scenes' T_G^0 can be set at deployment.
  const params = await viem.deployContract("ParameterRegistry", [deployer]);
  for (const [sceneId, timeMs] of Object.entries(input.referenceTimesMs)) {
    await send(params.write.setReferenceTime([sceneKey(sceneId), timeMs]));
  }
  const airdrop = await viem.deployContract("MerkleAirdrop", [token.address, input.airdropRoot, input.claimDeadline, timelock.address]);
  const tgeHolders = { ...input.holders, airdrop: airdrop.address, communityTreasury: timelock.address };
  const tge = await viem.deployContract("TokenGenerationEvent", [token.address, tgeHolders, input.tgeNotBefore]);
  const eco = await viem.deployContract("EcosystemFund", [token.address, tge.address, deployer]);
  const credits = await viem.deployContract("IFXDollar", [input.stablecoin, params.address, deployer]);

  await send(token.write.initializeMinters([tge.address, eco.address]));
  await send(timelock.write.grantRole([await timelock.read.PROPOSER_ROLE(), governor.address]));
  await send(timelock.write.grantRole([await timelock.read.CANCELLER_ROLE(), governor.address]));
  return {
    IFXToken: token.address,
    IFXTimelock: timelock.address,
    IFXGovernor: governor.address,
    ParameterRegistry: params.address,
    MerkleAirdrop: airdrop.address,
    TokenGenerationEvent: tge.address,
    EcosystemFund: eco.address,
    IFXDollar: credits.address,
    tgeHolders,
  };
}
