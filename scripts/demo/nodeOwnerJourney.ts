import type { NetworkConnection } from "hardhat/types/network";
import { getAddress, type Hash } from "viem";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { swapStableForIfx } from "../../keepers/chain/swapStableForIfx.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { formatIfx } from "../lib/format.js";
import { LocalNetwork } from "../lib/localNetwork.js";
import { ageOracles } from "../nodes/ageOracles.js";

const WORKER = 0;
const ELIGIBILITY = ["eligible", "not registered", "retired", "blacklisted", "offline", "IB below floor", "stake below S(n)", "no price"];

/**
 * The node owner's first day on a local chain: buys a worker license in dUSD, registers the node with a fresh operator
 * key, gets benchmarked by a manager, buys IFX on the DEX and stakes exactly S(n). Returns printable lines.
 */
export async function nodeOwnerJourney(connection: NetworkConnection<string>, d: Deployment, ownerIndex: number): Promise<string[]> {
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const send = (hash: Promise<Hash>) => waitForSuccess(publicClient, hash);
  const wallet = (await viem.getWalletClients())[ownerIndex]!;
  const owner = getAddress(wallet.account.address);
  const client = { client: { wallet } };
  const lines: string[] = [];

  await ageOracles(connection, d); // keepers keep the TWAPs fresh; locally we move time ourselves
  const usd = await viem.getContractAt("DevStablecoin", d.external.stablecoin, client);
  await send(usd.write.faucet([owner, 1_000_000_000n]));
  await send(usd.write.approve([d.contracts.NodeLicense, 1_000_000_000n]));
  const license = await viem.getContractAt("NodeLicense", d.contracts.NodeLicense, client);
  const [usdPrice, tier] = await license.read.quote([WORKER, false]);
  // Buy, register with a fresh operator key at $0.05 per IBM, go online, get benchmarked by a manager.
  const net = new LocalNetwork(connection, d, owner, owner);
  const [licenseId] = (await net.join(WORKER, 1)) as [bigint];
  lines.push(`Node owner ${owner} bought worker license #${licenseId} (tier ${tier}) for $${formatIfx(usdPrice)}`);
  const registry = await viem.getContractAt("NodeRegistry", d.contracts.NodeRegistry);
  const node = await registry.read.node([licenseId]);
  lines.push(`  registered with operator ${node.operator}, $0.05 per IBM; benchmarked at ${formatIfx(node.ibWad)} IB`);

  const bought = await swapStableForIfx(publicClient as never, wallet as never, d, 500_000_000n);
  await ageOracles(connection, d);
  const staking = await viem.getContractAt("NodeStaking", d.contracts.NodeStaking, client);
  const minimum = await staking.read.minStake([licenseId]);
  const token = await viem.getContractAt("IFXToken", d.contracts.IFXToken, client);
  await send(token.write.approve([d.contracts.NodeStaking, minimum]));
  await send(staking.write.stake([licenseId, minimum]));
  const eligibility = await staking.read.eligibility([licenseId, 0n]);
  lines.push(`  bought ${formatIfx(bought)} IFX on Uniswap V2; S(n) = $${formatIfx(await staking.read.minStakeUsdWad([licenseId]))} = ${formatIfx(minimum)} IFX at the TWAP, staked: ${ELIGIBILITY[eligibility]}`);
  return lines;
}
