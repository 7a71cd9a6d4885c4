import { getAddress, parseAbi, zeroAddress, type Address, type Hash, type Hex } from "viem";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import type { FoundationAddresses } from "./deployFoundation.js";
import { LICENSE_KINDS, type LicenseKindName, type Tier } from "./localDefaults.js";
import type { ProtocolClients } from "./protocolClients.js";

const factoryAbi = parseAbi([
  "function getPair(address, address) view returns (address)",
  "function createPair(address, address) returns (address)",
]);

export interface NodesInput {
  deployer: Address;
  stablecoin: Address;
  weth: Address;
  uniswapV2Factory: Address;
  tiers: Record<LicenseKindName, Tier[]>;
  whitelistRoot: Hex;
  /** Accounts given BENCHMARK_ROLE (the foundation's in-house managers, WP §VI-I3). */
  benchmarkManagers: readonly Address[];
  /**
   * Local chains only, until the market contract exists: an account that holds the market's roles. The deploy module
   * revokes them (`revokeMarketRoleHolder`) once the market contracts hold them.
   */
  marketRoleHolder?: Address;
  /** A Chainlink-style ETH/USD feed (a real network); without it ETH/USD is the WETH/stablecoin TWAP. */
  ethUsdFeed?: { address: Address; maxAgeSeconds: bigint };
}

export interface NodesAddresses {
  EpochClock: Address;
  EthUsdOracle: Address;
  IfxUsdOracle: Address;
  NodeLicense: Address;
  NodeRegistry: Address;
  NodeStaking: Address;
  PenaltyPool: Address;
  GuaranteedBuyback: Address;
  wethStablePair: Address;
  ifxStablePair: Address;
}

/**
 * The node contracts (WP §VI-I, §VI-J): the WETH/stablecoin and IFX/stablecoin Uniswap V2 pairs (created if absent)
 * and their TWAP oracles, the epoch clock, the license sale with its tiers and whitelist, registry, staking, penalty
 * pool and the buyback vault, with every protocol role wired. Admin roles stay with the deployer until
 * `handOverRoles`.
 */
export async function deployNodes(
  clients: ProtocolClients,
  f: FoundationAddresses,
  input: NodesInput,
): Promise<NodesAddresses> {
  const { viem, publicClient, wallet } = clients;
  const send = (hash: Promise<Hash>) => waitForSuccess(publicClient, hash);
  const pair = async (a: Address, b: Address): Promise<Address> => {
    const read = () => publicClient.readContract({ address: input.uniswapV2Factory, abi: factoryAbi, functionName: "getPair", args: [a, b] });
    let address = await read();
    if (address === zeroAddress) {
      await send(wallet.writeContract({ address: input.uniswapV2Factory, abi: factoryAbi, functionName: "createPair", args: [a, b], account: wallet.account, chain: wallet.chain }));
      address = await read();
    }
    return getAddress(address);
  };
  const wethStablePair = await pair(input.weth, input.stablecoin);
  const ifxStablePair = await pair(f.IFXToken, input.stablecoin);
  const ethUsd = input.ethUsdFeed
    ? await viem.deployContract("ChainlinkPriceSource", [input.ethUsdFeed.address, input.weth, input.ethUsdFeed.maxAgeSeconds])
    : await viem.deployContract("UniswapV2TwapOracle", [wethStablePair, input.weth, input.stablecoin, f.ParameterRegistry]);
  const ifxUsd = await viem.deployContract("UniswapV2TwapOracle", [ifxStablePair, f.IFXToken, input.stablecoin, f.ParameterRegistry]);
  const clock = await viem.deployContract("EpochClock", [f.ParameterRegistry]);
  const license = await viem.deployContract("NodeLicense", [input.stablecoin, ethUsd.address, f.ParameterRegistry, f.TokenGenerationEvent, f.IFXTimelock, input.deployer]);
  const registry = await viem.deployContract("NodeRegistry", [license.address, f.ParameterRegistry, clock.address, input.deployer]);
  const pool = await viem.deployContract("PenaltyPool", [f.IFXToken, input.deployer]);
  const staking = await viem.deployContract("NodeStaking", [f.IFXToken, registry.address, f.ParameterRegistry, ifxUsd.address, pool.address, clock.address, input.deployer]);
  const buyback = await viem.deployContract("GuaranteedBuyback", [license.address, registry.address, staking.address, f.EcosystemFund, f.IFXToken, ifxUsd.address, f.TokenGenerationEvent, clock.address, f.IFXTimelock]);

  await send(license.write.setBuybackVault([buyback.address]));
  await send(license.write.setWhitelistRoot([input.whitelistRoot]));
  for (const [kind, name] of LICENSE_KINDS.entries()) {
    for (const tier of input.tiers[name]) await send(license.write.addTier([kind, tier.size, tier.usdPriceWad]));
  }
  const eco = await viem.getContractAt("EcosystemFund", f.EcosystemFund);
  await send(eco.write.grantRole([await eco.read.BUYBACK_ROLE(), buyback.address]));
  await send(registry.write.grantRole([await registry.read.REPORTER_ROLE(), staking.address]));
  await send(registry.write.grantRole([await registry.read.BUYBACK_ROLE(), buyback.address]));
  for (const m of input.benchmarkManagers) await send(registry.write.grantRole([await registry.read.BENCHMARK_ROLE(), m]));
  await send(staking.write.grantRole([await staking.read.BUYBACK_ROLE(), buyback.address]));
  await send(pool.write.grantRole([await pool.read.NOTIFIER_ROLE(), staking.address]));
  if (input.marketRoleHolder) {
    const market = input.marketRoleHolder;
    await send(registry.write.grantRole([await registry.read.REPORTER_ROLE(), market]));
    await send(staking.write.grantRole([await staking.read.SLASHER_ROLE(), market]));
  }
  return {
    EpochClock: clock.address,
    EthUsdOracle: ethUsd.address,
    IfxUsdOracle: ifxUsd.address,
    NodeLicense: license.address,
    NodeRegistry: registry.address,
    NodeStaking: staking.address,
    PenaltyPool: pool.address,
    GuaranteedBuyback: buyback.address,
    wethStablePair,
    ifxStablePair,
  };
}

/**
 * Takes the market's stand-in roles (REPORTER_ROLE on the registry, SLASHER_ROLE on staking) back from the account
 * that held them until the market contracts existed: once the market is wired, only contracts hold protocol roles.
 */
export async function revokeMarketRoleHolder(clients: ProtocolClients, n: NodesAddresses, holder: Address): Promise<void> {
  const { viem, publicClient } = clients;
  const send = (hash: Promise<Hash>) => waitForSuccess(publicClient, hash);
  const registry = await viem.getContractAt("NodeRegistry", n.NodeRegistry);
  const staking = await viem.getContractAt("NodeStaking", n.NodeStaking);
  await send(registry.write.revokeRole([await registry.read.REPORTER_ROLE(), holder]));
  await send(staking.write.revokeRole([await staking.read.SLASHER_ROLE(), holder]));
}
