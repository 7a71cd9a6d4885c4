import type { NetworkConnection } from "hardhat/types/network";
import { erc20Abi, getAddress, zeroAddress, type Address, type Hash } from "viem";
import {
  writeDeployment,
  type ContractName,
  type Deployment,
  type ExternalContracts,
} from "../../keepers/chain/deploymentFile.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { buildAirdrop } from "./buildAirdrop.js";
import { deployUniswapV2 } from "./deployUniswapV2.js";
import { protocolClients, type ProtocolClients } from "./protocolClients.js";

export const HARDHAT_CHAIN_ID = 31337;
const IFX = 10n ** 18n;

/** TGE holders, one per tranche (see TokenGenerationEvent). The community fund is always the DAO's timelock. */
export interface TgeHolders {
  seed: Address;
  strategic: Address;
  kol: Address;
  publicSale: Address;
  liquidity: Address;
  foundation: Address;
}

export interface GovernanceSettings {
  votingDelaySeconds: number;
  votingPeriodSeconds: number;
  proposalThreshold: bigint;
  quorumPercent: number;
  timelockDelaySeconds: number;
}

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
 * renounces it (the last step), so that from the end of this function only the DAO governs.
 */
export async function deployProtocol(connection: NetworkConnection<string>, options: DeployOptions = {}): Promise<DeployResult> {
  const clients = await protocolClients(connection);
  const { viem, wallet, publicClient } = clients;
  const log = options.log ?? (() => {});
  const chainId = await publicClient.getChainId();
  const deployer = getAddress(wallet.account.address);
  const latest = await publicClient.getBlock();
  const startBlock = latest.number;
  const governance = { ...DEFAULT_GOVERNANCE, ...options.governance };
  const holders = options.holders ?? (await localHolders(clients, chainId));
  const airdropList = options.airdrop ?? (await localAirdrop(clients, chainId));
  const tree = buildAirdrop(airdropList);
  const tgeNotBefore = options.tgeNotBefore ?? latest.timestamp;
  const claimDeadline = tgeNotBefore + (options.airdropWindowSeconds ?? 180n * 86_400n);

  const external = await resolveExternal(clients, options.external ?? {}, log);

  log("deploying token and governance");
  const token = await viem.deployContract("IFXToken", []);
  const timelock = await viem.deployContract("IFXTimelock", [
    BigInt(governance.timelockDelaySeconds),
    [],
    [zeroAddress],
    deployer,
  ]);
  const governor = await viem.deployContract("IFXGovernor", [
    token.address,
    timelock.address,
    governance.votingDelaySeconds,
    governance.votingPeriodSeconds,
    governance.proposalThreshold,
    BigInt(governance.quorumPercent),
  ]);
  const params = await viem.deployContract("ParameterRegistry", [timelock.address]);

  log("deploying TGE, airdrop, ecosystem fund and credits");
  const airdrop = await viem.deployContract("MerkleAirdrop", [token.address, tree.root, claimDeadline, timelock.address]);
  const tgeHolders = { ...holders, airdrop: airdrop.address, communityTreasury: timelock.address };
  const tge = await viem.deployContract("TokenGenerationEvent", [token.address, tgeHolders, tgeNotBefore]);
  const eco = await viem.deployContract("EcosystemFund", [token.address, tge.address, deployer]);
  const credits = await viem.deployContract("IFXDollar", [external.stablecoin, params.address, deployer]);

  log("wiring minters and handing every role to the timelock");
  const send = (hash: Promise<Hash>) => waitForSuccess(publicClient, hash);
  await send(token.write.initializeMinters([tge.address, eco.address]));
  const proposer = await timelock.read.PROPOSER_ROLE();
  const canceller = await timelock.read.CANCELLER_ROLE();
  await send(timelock.write.grantRole([proposer, governor.address]));
  await send(timelock.write.grantRole([canceller, governor.address]));
  const admin = await eco.read.DEFAULT_ADMIN_ROLE();
  await send(eco.write.grantRole([admin, timelock.address]));
  await send(eco.write.renounceRole([admin, deployer]));
  await send(credits.write.grantRole([admin, timelock.address]));
  await send(credits.write.renounceRole([admin, deployer]));
  await send(timelock.write.renounceRole([admin, deployer]));

  const now = (await publicClient.getBlock()).timestamp;
  const executeTge = options.executeTge ?? now >= tgeNotBefore;
  const vestingWallets: Record<string, Address> = {};
  let executedAt = 0n;
  if (executeTge) {
    log("running the TGE");
    await send(tge.write.execute());
    executedAt = await tge.read.executedAt();
    const table = await tge.read.allocations();
    for (const [i, row] of table.entries()) {
      const recipient = await tge.read.recipientOf([BigInt(i)]);
      if (row.tgeUnlockBps < 10_000) vestingWallets[trancheName(row.name)] = recipient;
    }
  }

  const contracts = checksummed({
    IFXToken: token.address,
    IFXTimelock: timelock.address,
    IFXGovernor: governor.address,
    ParameterRegistry: params.address,
    TokenGenerationEvent: tge.address,
    EcosystemFund: eco.address,
    MerkleAirdrop: airdrop.address,
    IFXDollar: credits.address,
  }) as Record<ContractName, Address>;
  const deployment: Deployment = {
    chainId,
    startBlock,
    deployedAt: new Date().toISOString(),
    deployer,
    contracts,
    external,
    tge: { notBefore: tgeNotBefore, executedAt, holders: checksummed(tgeHolders), vestingWallets: checksummed(vestingWallets) },
    governance,
    airdrop: { root: tree.root, claimDeadline, claims: tree.claims },
  };
  const file = options.outDir === null ? null : await writeDeployment(deployment, options.outDir ?? "deployments");
  if (file) log(`wrote ${file}`);
  return { deployment, file };
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
): Promise<ExternalContracts> {
  let stablecoin = given.stablecoin;
  if (!stablecoin) {
    log("no stablecoin given: deploying DevStablecoin (6 decimals)");
    stablecoin = (await clients.viem.deployContract("DevStablecoin", [])).address;
  }
  const stablecoinDecimals = await clients.publicClient.readContract({
    address: stablecoin,
    abi: erc20Abi,
    functionName: "decimals",
  });
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

async function localAccounts({ viem }: ProtocolClients, chainId: number, what: string): Promise<Address[]> {
  if (chainId !== HARDHAT_CHAIN_ID) throw new Error(`chain ${chainId} is not the local chain: pass the ${what} explicitly`);
  return (await viem.getWalletClients()).map((w) => w.account.address);
}

async function localHolders(clients: ProtocolClients, chainId: number): Promise<TgeHolders> {
  const a = await localAccounts(clients, chainId, "TGE holders");
  const at = (i: number): Address => a[i] ?? a[0]!;
  return { seed: at(1), strategic: at(2), kol: at(3), publicSale: at(4), liquidity: at(5), foundation: at(6) };
}

async function localAirdrop(clients: ProtocolClients, chainId: number) {
  const a = await localAccounts(clients, chainId, "airdrop list");
  return [7, 8, 9].map((i) => ({ account: a[i] ?? a[0]!, amount: 1_000n * IFX }));
}
