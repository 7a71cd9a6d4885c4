import type { NetworkConnection } from "hardhat/types/network";
import { erc20Abi, getAddress, type Address, type Hash } from "viem";
import { writeDeployment, type ContractName, type Deployment, type ExternalContracts } from "../../keepers/chain/deploymentFile.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { buildAirdrop, buildAllowanceTree } from "./buildAirdrop.js";
import { deployFoundation, type GovernanceSettings, type TgeHolders } from "./deployFoundation.js";
import { deployMarket } from "./deployMarket.js";
import { deployNodes, revokeMarketRoleHolder } from "./deployNodes.js";
import { deployUniswapV2 } from "./deployUniswapV2.js";
import { flagNonVotingHolders, nonVotingHolders } from "./flagNonVotingHolders.js";
import { handOverRoles } from "./handOverRoles.js";
import {
  DEFAULT_TIERS,
  HARDHAT_CHAIN_ID,
  LOCAL_REFERENCE_TIMES_MS,
  localAccounts,
  localAirdrop,
  localHolders,
  localWhitelist,
  type LicenseKindName,
  type Tier,
} from "./localDefaults.js";
import { protocolClients, type ProtocolClients } from "./protocolClients.js";
import { seedLocalPools } from "./seedLocalPools.js";

export { HARDHAT_CHAIN_ID } from "./localDefaults.js";
export type { GovernanceSettings, TgeHolders } from "./deployFoundation.js";

const IFX = 10n ** 18n;

/** Production defaults (IFXGovernor's doc comment says why). */
export const DEFAULT_GOVERNANCE: GovernanceSettings = {
  votingDelaySeconds: 86_400,
  votingPeriodSeconds: 5 * 86_400,
  proposalThreshold: 100_000n * IFX,
  quorumPercent: 4,
  timelockDelaySeconds: 2 * 86_400,
};

export interface DeployOptions {
  /** An existing stablecoin and DEX (a real network). Missing ones are deployed: DevStablecoin, Uniswap V2 from npm. */
  external?: { stablecoin?: Address; uniswapV2Factory?: Address; uniswapV2Router?: Address; weth?: Address };
  /** Required on a real network; on the local chain they default to accounts #1..#6. */
  holders?: TgeHolders;
  /** Required on a real network; on the local chain accounts #7..#9 get 1,000 IFX each. */
  airdrop?: readonly { account: Address; amount: bigint }[];
  airdropWindowSeconds?: bigint;
  /** License whitelist: `amount` is a license quota. Required on a real network; locally accounts #10..#12 get 2. */
  licenseWhitelist?: readonly { account: Address; amount: bigint }[];
  /** License tiers per kind; default `DEFAULT_TIERS`. */
  licenseTiers?: Record<LicenseKindName, Tier[]>;
  /** Accounts with the benchmark role (default: none off the local chain, account #0 locally). */
  benchmarkManagers?: readonly Address[];
  /**
   * Local chains only: an account that holds the market's roles until the market contracts exist (default #19); they
   * are revoked once the market is wired, so a deployment ends with protocol roles held by contracts only.
   */
  marketRoleHolder?: Address | null;
  /** A Chainlink-style ETH/USD feed and its maximum answer age (a real network); default: the WETH/stablecoin TWAP. */
  ethUsdFeed?: { address: Address; maxAgeSeconds: bigint };
  /** T_G^0 per IB sample scene name, ms per frame (WP eq. 19). Locally `LOCAL_REFERENCE_TIMES_MS`; else none. */
  referenceTimesMs?: Record<string, bigint>;
  /** Earliest TGE time; default: now. */
  tgeNotBefore?: bigint;
  /** Run the TGE in the same deployment (default: when `tgeNotBefore` has come). */
  executeTge?: boolean;
  governance?: Partial<GovernanceSettings>;
  /** Where to write `<chainId>.json`; `null` writes nothing (tests). */
  outDir?: string | null;
  log?: (message: string) => void;
}

export interface DeployResult {
  deployment: Deployment;
  file: string | null;
}

/**
 * Deploys the whole protocol to the connected network and writes `deployments/<chainId>.json`. The one deploy module:
 * tests, the demo, keepers and the indexer all go through it.
 *
 * Roles: every admin role starts with the deployer only while wiring, then moves to the timelock, and the deployer
 * renounces it, so that from the end of this function only the DAO governs. On the local chain the pools get
 * liquidity (`seedLocalPools`).
 */
export async function deployProtocol(connection: NetworkConnection<string>, options: DeployOptions = {}): Promise<DeployResult> {
  const clients = await protocolClients(connection);
  const { publicClient, wallet } = clients;
  const log = options.log ?? (() => {});
  const chainId = await publicClient.getChainId();
  const isLocal = chainId === HARDHAT_CHAIN_ID;
  const deployer = getAddress(wallet.account.address);
  const latest = await publicClient.getBlock();
  const governance = { ...DEFAULT_GOVERNANCE, ...options.governance };
  const holders = options.holders ?? (await localHolders(clients, chainId));
  const airdrop = buildAirdrop(options.airdrop ?? (await localAirdrop(clients, chainId)));
  const whitelist = buildAllowanceTree(options.licenseWhitelist ?? (await localWhitelist(clients, chainId)), "license whitelist");
  const tgeNotBefore = options.tgeNotBefore ?? latest.timestamp;
  const claimDeadline = tgeNotBefore + (options.airdropWindowSeconds ?? 180n * 86_400n);

  const dex = await resolveExternal(clients, options.external ?? {}, log);
  log("deploying token, DAO, TGE, ecosystem fund and credits");
  const f = await deployFoundation(clients, {
    deployer,
    stablecoin: dex.stablecoin,
    governance,
    holders,
    airdropRoot: airdrop.root,
    claimDeadline,
    tgeNotBefore,
    referenceTimesMs: options.referenceTimesMs ?? (isLocal ? LOCAL_REFERENCE_TIMES_MS : {}),
  });
  log("deploying licenses, nodes, staking, penalty pool, buyback and price oracles");
  const accounts = isLocal ? await localAccounts(clients, chainId, "roles") : [];
  const market = options.marketRoleHolder === undefined ? accounts[19] : options.marketRoleHolder;
  const n = await deployNodes(clients, f, {
    deployer,
    stablecoin: dex.stablecoin,
    weth: dex.weth,
    uniswapV2Factory: dex.uniswapV2Factory,
    tiers: options.licenseTiers ?? DEFAULT_TIERS,
    whitelistRoot: whitelist.root,
    benchmarkManagers: options.benchmarkManagers ?? (isLocal ? [deployer] : []),
    ...(market ? { marketRoleHolder: market } : {}),
    ...(options.ethUsdFeed ? { ethUsdFeed: options.ethUsdFeed } : {}),
  });
  log("deploying the job market, epoch rewards and buy-and-burn");
  const m = await deployMarket(clients, f, n, {
    deployer,
    stablecoin: dex.stablecoin,
    uniswapV2Router: dex.uniswapV2Router,
    foundation: holders.foundation,
  });
  if (market) {
    log("revoking the market's roles from their stand-in account");
    await revokeMarketRoleHolder(clients, n, market);
  }
  log("flagging the protocol's non-voting holders (the governor's quorum counts the supply that can vote)");
  await flagNonVotingHolders(clients, f.IFXToken, nonVotingHolders(f, n, m));
  log("handing every admin role to the timelock");
  await handOverRoles(
    clients,
    [f.IFXToken, f.EcosystemFund, f.IFXDollar, n.NodeLicense, n.NodeRegistry, n.NodeStaking, n.PenaltyPool, m.EpochRewards, m.JobMarket, m.JobDisputes],
    [f.ParameterRegistry],
    f.IFXTimelock,
  );

  const { tgeHolders, ...foundationContracts } = f;
  const { wethStablePair, ifxStablePair, ...nodeContracts } = n;
  const deployment: Deployment = {
    chainId,
    startBlock: latest.number,
    deployedAt: new Date().toISOString(),
    deployer,
    contracts: checksummed({ ...foundationContracts, ...nodeContracts, ...m }) as Record<ContractName, Address>,
    external: { ...dex, wethStablePair, ifxStablePair },
    tge: { notBefore: tgeNotBefore, executedAt: 0n, holders: checksummed(tgeHolders), vestingWallets: {} },
    governance,
    airdrop: { root: airdrop.root, claimDeadline, claims: airdrop.claims },
    licenseWhitelist: { root: whitelist.root, claims: whitelist.claims },
  };
  const now = (await publicClient.getBlock()).timestamp;
  if (options.executeTge ?? now >= tgeNotBefore) {
    log("running the TGE");
    Object.assign(deployment.tge, await runTge(clients, deployment));
  }
  if (isLocal) {
    log("adding local liquidity to the WETH and IFX pools");
    await seedLocalPools(connection, deployment);
  }
  const file = options.outDir === null ? null : await writeDeployment(deployment, options.outDir ?? "deployments");
  if (file) log(`wrote ${file}`);
  return { deployment, file };
}

/** Executes the TGE and reads back where each locked tranche went. */
export async function runTge(
  { viem, publicClient }: ProtocolClients,
  deployment: Deployment,
): Promise<{ executedAt: bigint; vestingWallets: Record<string, Address> }> {
  const tge = await viem.getContractAt("TokenGenerationEvent", deployment.contracts.TokenGenerationEvent);
  await waitForSuccess(publicClient, tge.write.execute() as Promise<Hash>);
  const vestingWallets: Record<string, Address> = {};
  const table = await tge.read.allocations();
  for (const [i, row] of table.entries()) {
    if (row.tgeUnlockBps < 10_000) vestingWallets[trancheName(row.name)] = getAddress(await tge.read.recipientOf([BigInt(i)]));
  }
  return { executedAt: await tge.read.executedAt(), vestingWallets };
}

function checksummed(map: Record<string, Address>): Record<string, Address> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, getAddress(v)]));
}

/** `bytes32` tranche names are ASCII labels right-padded with zeros. */
export function trancheName(name: `0x${string}`): string {
  return Buffer.from(name.slice(2), "hex").toString("utf8").replace(/\0+$/, "");
}

async function resolveExternal(
  clients: ProtocolClients,
  given: NonNullable<DeployOptions["external"]>,
  log: (m: string) => void,
): Promise<Omit<ExternalContracts, "wethStablePair" | "ifxStablePair">> {
  let stablecoin = given.stablecoin;
  if (!stablecoin) {
    log("no stablecoin given: deploying DevStablecoin (6 decimals)");
    stablecoin = (await clients.viem.deployContract("DevStablecoin", [])).address;
  }
  const stablecoinDecimals = await clients.publicClient.readContract({ address: stablecoin, abi: erc20Abi, functionName: "decimals" });
  const dexGiven = [given.uniswapV2Factory, given.uniswapV2Router, given.weth];
  if (dexGiven.some(Boolean) && !dexGiven.every(Boolean)) {
    throw new Error("an existing DEX needs all three of uniswapV2Factory, uniswapV2Router and weth");
  }
  let dex = { factory: given.uniswapV2Factory, router: given.uniswapV2Router, weth: given.weth };
  if (!dex.factory) {
    log("no DEX given: deploying Uniswap V2 from its npm artifacts");
    dex = await deployUniswapV2(clients);
  }
  return {
    stablecoin: getAddress(stablecoin),
    stablecoinDecimals,
    uniswapV2Factory: getAddress(dex.factory as Address),
    uniswapV2Router: getAddress(dex.router as Address),
    weth: getAddress(dex.weth as Address),
  };
}
