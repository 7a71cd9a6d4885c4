import type { NetworkConnection } from "hardhat/types/network";
import { getAddress, type Hash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { sceneKey } from "../../keepers/chain/paramKeys.js";
import { swapStableForIfx } from "../../keepers/chain/swapStableForIfx.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { formatIfx } from "../lib/format.js";
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
  await send(license.write.buy([WORKER, false]));
  const licenseId = await license.read.tokenOfOwnerByIndex([owner, 0n]);
  lines.push(`Node owner ${owner} bought worker license #${licenseId} (tier ${tier}) for $${formatIfx(usdPrice)}`);

  const operator = privateKeyToAccount(generatePrivateKey());
  const registry = await viem.getContractAt("NodeRegistry", d.contracts.NodeRegistry, client);
  await send(registry.write.register([licenseId, operator.address, operator.publicKey, 5n * 10n ** 16n, "ipfs://demo-node"]));
  await send(registry.write.setActive([licenseId, true]));
  const manager = await viem.getContractAt("NodeRegistry", d.contracts.NodeRegistry, { client: { wallet: await viem.getWalletClient(d.deployer) } });
  await send(manager.write.postBenchmarks([[{ licenseId, sceneId: sceneKey("inferix/room"), frameTimeMs: 24_000n }]]));
  const node = await registry.read.node([licenseId]);
  lines.push(`  registered with operator ${operator.address}, $0.05 per IBM; benchmarked at ${formatIfx(node.ibWad)} IB`);

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
