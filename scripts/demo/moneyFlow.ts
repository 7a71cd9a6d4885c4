import type { NetworkConnection } from "hardhat/types/network";
import { getAddress, type Hash } from "viem";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { formatIfx } from "../lib/format.js";
import { LocalNetwork } from "../lib/localNetwork.js";
import { ageOracles } from "../nodes/ageOracles.js";

const WAD = 10n ** 18n;
const DAY = 86_400;

/**
 * The money flow of WP §VI-D on a local chain: an artist's job of 1,000 IBM at $0.05 is quoted by a manager, escrowed,
 * rendered by two workers, settled in one transaction by two of its three committee verifiers, its fee released after
 * the dispute window and spent (80% buys and burns IFX on the DEX, 20% to the foundation), the epoch closed (BMW mint)
 * and every node's reward claimed. Returns printable lines. `onNetwork` receives the nodes it started (their operator
 * keys), for callers that go on with more jobs on the same network.
 */
export async function moneyFlow(
  connection: NetworkConnection<string>,
  d: Deployment,
  ownerIndex: number,
  artistIndex: number,
  onNetwork?: (net: LocalNetwork) => void,
  verifiers = 3,
): Promise<string[]> {
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const send = (hash: Promise<Hash>) => waitForSuccess(publicClient, hash);
  const wallets = await viem.getWalletClients();
  const owner = getAddress(wallets[ownerIndex]!.account.address);
  const artist = getAddress(wallets[artistIndex]!.account.address);
  const net = new LocalNetwork(connection, d, owner, artist);
  await net.start(verifiers, [24_000n, 24_000n]);
  onNetwork?.(net);
  await ageOracles(connection, d);
  const lines: string[] = [];

  const { jobId, committee } = await net.openJob(1_000n * WAD, 4);
  lines.push(`Artist ${artist} escrowed 50 ifxDollar for job ${jobId.slice(0, 10)}... (1,000 IBM x $0.05); committee ${committee.map((seat) => seat.verifierId).join(", ")}`);
  const [w0, w1] = net.workerIds as [bigint, bigint];
  const { receipt, tree } = await net.settle(jobId, 0n, committee, LocalNetwork.outcomes(4, [w0, w1], 250n * WAD));
  lines.push(`  settled 4 tasks in one transaction (${receipt.gasUsed.toLocaleString("en-US")} gas), signed by 2 of 3 verifiers; root ${tree.root.slice(0, 10)}...`);

  const as = async <N extends "JobMarket" | "IFXDollar" | "BuyAndBurn" | "EpochRewards">(name: N, address: `0x${string}`) =>
    viem.getContractAt(name, address, { client: { wallet: wallets[ownerIndex]! } });
  await networkHelpers.time.increase(2 * DAY + 1);
  await send((await as("JobMarket", d.contracts.JobMarket)).write.releaseFees([[jobId]]));
  await send((await as("IFXDollar", d.contracts.IFXDollar)).write.distributeSpent());
  await ageOracles(connection, d);
  const burner = await as("BuyAndBurn", d.contracts.BuyAndBurn);
  await networkHelpers.time.increase(DAY);
  await ageOracles(connection, d);
  await send(burner.write.burn([2n ** 255n]));
  lines.push(`  after the 2-day dispute window: fee spent, $40 bought and burned ${formatIfx(await burner.read.totalBurned())} IFX, $10 to the foundation`);

  const rewards = await as("EpochRewards", d.contracts.EpochRewards);
  const epoch = (await rewards.read.accountOf([w0])).epoch;
  const clock = await viem.getContractAt("EpochClock", d.contracts.EpochClock);
  while ((await clock.read.currentEpoch()) <= epoch) await networkHelpers.time.increase(DAY);
  await send(rewards.write.closeEpoch([epoch]));
  const t = await rewards.read.epochTotals([epoch]);
  lines.push(`  epoch ${epoch} closed: W = ${formatIfx(t.paidWorkWad)} IBM, T = ${formatIfx(t.mintedIfx)} IFX minted, IBME ${t.ibmeBps / 100}%`);
  const ids = [w0, w1, ...committee.slice(0, 2).map((seat) => seat.verifierId), net.managerId];
  const token = await viem.getContractAt("IFXToken", d.contracts.IFXToken);
  const before = await token.read.balanceOf([owner]);
  for (const id of ids) {
    if ((await rewards.read.claimable([id])) !== 0n) await send(rewards.write.claim([id]));
  }
  const claimed = (await token.read.balanceOf([owner])) - before;
  const toDao = await rewards.read.daoOwed();
  await send(rewards.write.payDao());
  lines.push(`  workers, signing verifiers and the manager claimed ${formatIfx(claimed)} IFX; the DAO was paid ${formatIfx(toDao)} IFX`);
  return lines;
}
