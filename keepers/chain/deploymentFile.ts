import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { getAddress, isAddress, type Address, type Hex } from "viem";

/** The protocol's own contracts, by the name the deployment file uses. */
export const CONTRACT_NAMES = [
  "IFXToken",
  "IFXTimelock",
  "IFXGovernor",
  "ParameterRegistry",
  "TokenGenerationEvent",
  "EcosystemFund",
  "MerkleAirdrop",
  "IFXDollar",
  "EpochClock",
  "EthUsdOracle",
  "IfxUsdOracle",
  "NodeLicense",
  "NodeRegistry",
  "NodeStaking",
  "PenaltyPool",
  "GuaranteedBuyback",
  "EpochRewards",
  "JobMarket",
  "JobDisputes",
  "BuyAndBurn",
] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

/** Contracts the protocol uses but does not own: deployed locally, or given for a real network. */
export interface ExternalContracts {
  stablecoin: Address;
  stablecoinDecimals: number;
  uniswapV2Factory: Address;
  uniswapV2Router: Address;
  weth: Address;
  /** The Uniswap V2 pairs the TWAP oracles read. */
  wethStablePair: Address;
  ifxStablePair: Address;
}

export interface AirdropClaim {
  account: Address;
  amount: bigint;
  proof: Hex[];
}

/**
 * What `deployments/<chainId>.json` holds: every address and the first block to index. Keepers, the CLI, the demo
 * and the indexer read this file; nobody keeps addresses of their own.
 */
export interface Deployment {
  chainId: number;
  startBlock: bigint;
  deployedAt: string;
  deployer: Address;
  contracts: Record<ContractName, Address>;
  external: ExternalContracts;
  tge: { notBefore: bigint; executedAt: bigint; holders: Record<string, Address>; vestingWallets: Record<string, Address> };
  governance: {
    votingDelaySeconds: number;
    votingPeriodSeconds: number;
    proposalThreshold: bigint;
    quorumPercent: number;
    timelockDelaySeconds: number;
  };
  airdrop: { root: Hex; claimDeadline: bigint; claims: AirdropClaim[] };
  /** The license whitelist: `amount` is the account's license quota. */
  licenseWhitelist: { root: Hex; claims: AirdropClaim[] };
}

export function deploymentPath(chainId: number, dir = "deployments"): string {
  return path.join(dir, `${chainId}.json`);
}

/** Writes atomically (temp file + rename) so a reader never sees half a file. */
export async function writeDeployment(deployment: Deployment, dir = "deployments"): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = deploymentPath(deployment.chainId, dir);
  const tmp = `${file}.${process.pid}.tmp`;
  const json = JSON.stringify(deployment, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
  await writeFile(tmp, `${json}\n`);
  await rename(tmp, file);
  return file;
}

export class DeploymentFileError extends Error {
  override readonly name = "DeploymentFileError";
}

export async function readDeployment(chainId: number, dir = "deployments"): Promise<Deployment> {
  const file = deploymentPath(chainId, dir);
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (cause) {
    throw new DeploymentFileError(`no deployment for chain ${chainId} at ${file}: run \`npm run deploy\` first`, { cause });
  }
  return parseDeployment(parseJsonObject(raw, file), file);
}

/** A deployment file by path (`IFX_DEPLOYMENT`), wherever it lives. */
export async function readDeploymentFile(file: string): Promise<Deployment> {
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (cause) {
    throw new DeploymentFileError(`cannot read the deployment file ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  return parseDeployment(parseJsonObject(raw, file), file);
}

function parseJsonObject(raw: string, file: string): Record<string, unknown> {
  try {
    const json: unknown = JSON.parse(raw);
    if (typeof json === "object" && json !== null && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch (cause) {
    throw new DeploymentFileError(`${file} is not JSON: ${(cause as Error).message}`, { cause });
  }
  throw new DeploymentFileError(`${file} is not a JSON object`);
}

function parseDeployment(json: Record<string, unknown>, file: string): Deployment {
  const contracts = (json.contracts ?? {}) as Record<string, unknown>;
  for (const name of CONTRACT_NAMES) {
    const value = contracts[name];
    if (typeof value !== "string" || !isAddress(value)) {
      throw new DeploymentFileError(`${file}: contracts.${name} is missing or not an address`);
    }
    contracts[name] = getAddress(value);
  }
  const big = (v: unknown): bigint => BigInt(v as string);
  const d = json as unknown as Deployment & Record<string, unknown>;
  const tge = d.tge;
  const governance = d.governance;
  const airdrop = d.airdrop;
  const bigClaims = (claims: AirdropClaim[]) => claims.map((c) => ({ ...c, amount: big(c.amount) }));
  return {
    ...d,
    startBlock: big(json.startBlock),
    tge: { ...tge, notBefore: big(tge.notBefore), executedAt: big(tge.executedAt) },
    governance: { ...governance, proposalThreshold: big(governance.proposalThreshold) },
    airdrop: {
      ...airdrop,
      claimDeadline: big(airdrop.claimDeadline),
      claims: bigClaims(airdrop.claims),
    },
    licenseWhitelist: { ...d.licenseWhitelist, claims: bigClaims(d.licenseWhitelist.claims) },
  };
}
