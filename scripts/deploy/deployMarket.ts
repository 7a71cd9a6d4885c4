import type { Address, Hash } from "viem";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import type { FoundationAddresses } from "./deployFoundation.js";
import type { NodesAddresses } from "./deployNodes.js";
import type { ProtocolClients } from "./protocolClients.js";

export interface MarketInput {
  deployer: Address;
  stablecoin: Address;
  uniswapV2Router: Address;
  /** Receives the 20% of spent fees that is not burned (WP §VI-D): the foundation. */
  foundation: Address;
}

export interface MarketAddresses {
  EpochRewards: Address;
  JobMarket: Address;
  JobDisputes: Address;
  BuyAndBurn: Address;
}

/**
 * The money flow (WP §VI-D): the job market, the BMW epoch rewards (the ecosystem fund's epoch minter) and the
 * buy-and-burn (the credits' burn receiver; the foundation takes the rest), with every protocol role wired. Admin
 * roles stay with the deployer until `handOverRoles`.
 */
export async function deployMarket(
  { viem, publicClient }: ProtocolClients,
  f: FoundationAddresses,
  n: NodesAddresses,
  input: MarketInput,
): Promise<MarketAddresses> {
  const send = (hash: Promise<Hash>) => waitForSuccess(publicClient, hash);
  const rewards = await viem.deployContract("EpochRewards", [
    f.IFXToken,
    f.EcosystemFund,
    n.EpochClock,
    f.ParameterRegistry,
    n.NodeRegistry,
    n.NodeStaking,
    n.IfxUsdOracle,
    n.PenaltyPool,
    f.IFXTimelock,
    input.deployer,
  ]);
  const market = await viem.deployContract("JobMarket", [
    f.IFXDollar,
    n.NodeRegistry,
    n.NodeStaking,
    rewards.address,
    f.ParameterRegistry,
    input.deployer,
  ]);
  const disputes = await viem.deployContract("JobDisputes", [
    market.address,
    f.IFXDollar,
    n.NodeRegistry,
    n.NodeStaking,
    f.ParameterRegistry,
    input.deployer,
  ]);
  const burner = await viem.deployContract("BuyAndBurn", [
    input.stablecoin,
    f.IFXToken,
    n.IfxUsdOracle,
    input.uniswapV2Router,
    f.ParameterRegistry,
    n.EpochClock,
  ]);

  const credits = await viem.getContractAt("IFXDollar", f.IFXDollar);
  const registry = await viem.getContractAt("NodeRegistry", n.NodeRegistry);
  const staking = await viem.getContractAt("NodeStaking", n.NodeStaking);
  const pool = await viem.getContractAt("PenaltyPool", n.PenaltyPool);
  const eco = await viem.getContractAt("EcosystemFund", f.EcosystemFund);
  await send(credits.write.grantRole([await credits.read.MARKET_ROLE(), market.address]));
  await send(credits.write.grantRole([await credits.read.MARKET_ROLE(), disputes.address])); // bonds and held fees
  await send(market.write.setDisputes([disputes.address]));
  await send(credits.write.setReceivers([burner.address, input.foundation]));
  await send(registry.write.grantRole([await registry.read.REPORTER_ROLE(), rewards.address])); // participation
  await send(staking.write.grantRole([await staking.read.SLASHER_ROLE(), market.address]));
  await send(staking.write.grantRole([await staking.read.SLASHER_ROLE(), disputes.address])); // upheld disputes
  await send(pool.write.grantRole([await pool.read.RELEASER_ROLE(), rewards.address])); // penalties join verifiers
  await send(rewards.write.setMarket([market.address]));
  await send(eco.write.grantRole([await eco.read.EPOCH_MINTER_ROLE(), rewards.address]));
  return { EpochRewards: rewards.address, JobMarket: market.address, JobDisputes: disputes.address, BuyAndBurn: burner.address };
}
