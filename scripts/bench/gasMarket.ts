/**
 * `npm run bench:gas` (market part): gas of jobs, settlements by task and worker count, epoch closing with 10 and
 * 10,000 registered nodes, claims over 1 and 10 epochs and a burn batch, against the targets, written to
 * docs/gas.md. `BENCH_NODES` lowers the large node count for a quick run.
 */
import { writeFile } from "node:fs/promises";
import hre from "hardhat";
import { getAddress, type TransactionReceipt } from "viem";
import { deployProtocol } from "../deploy/deployProtocol.js";
import { writeBenchDoc } from "../lib/writeBenchDoc.js";
import { ageOracles } from "../nodes/ageOracles.js";
import type { Seat } from "../../keepers/market/typedData.js";
import { LocalNetwork } from "../lib/localNetwork.js";
import { measureDisputes } from "./gasDisputes.js";

const WAD = 10n ** 18n;
const DAY = 86_400;
const LARGE_NODE_COUNT = Number(process.env.BENCH_NODES ?? 10_000);

type Row = [string, bigint, bigint | null, string];

async function main(): Promise<void> {
  const connection = await hre.network.create();
  const { viem, networkHelpers } = connection;
  const { deployment: d } = await deployProtocol(connection, { outDir: null, marketRoleHolder: null });
  const wallets = await viem.getWalletClients();
  const net = new LocalNetwork(connection, d, getAddress(wallets[13]!.account.address), getAddress(wallets[14]!.account.address));
  // 10 registered nodes to begin with: a manager, 3 verifiers and 6 workers.
  await net.start(3, Array.from({ length: 6 }, () => 24_000n));
  const rows: Row[] = [];
  const gas = (r: TransactionReceipt) => r.gasUsed;
  const owner = await viem.getWalletClient(net.owner);
  const rewards = await viem.getContractAt("EpochRewards", d.contracts.EpochRewards, { client: { wallet: owner } });
  const market = await viem.getContractAt("JobMarket", d.contracts.JobMarket, { client: { wallet: owner } });
  const clock = await viem.getContractAt("EpochClock", d.contracts.EpochClock);
  const license = await viem.getContractAt("NodeLicense", d.contracts.NodeLicense);
  const settleAll = async (job: { jobId: `0x${string}`; committee: readonly Seat[] }, tasks: number, workers: bigint[], signers = 2) =>
    (await net.settle(job.jobId, 0n, job.committee, LocalNetwork.outcomes(tasks, workers, 5n * WAD), signers)).receipt;
  const nextEpoch = async () => {
    const e = await clock.read.currentEpoch();
    while ((await clock.read.currentEpoch()) === e) await networkHelpers.time.increase(DAY);
    return e;
  };
  /** A job settled by all three verifiers, so that every node of the network is credited in the running epoch. */
  const touchAll = async (workers: bigint[]) => {
    await ageOracles(connection, d); // a fresh IFX price: without one, workers' shares are forfeited (fail closed)
    const job = await net.openJob(BigInt(workers.length) * 5n * WAD, workers.length);
    return { job, receipt: await settleAll(job, workers.length, workers, 3) };
  };

  // Epoch 0, then epoch 1, with the 10-node network: the first close ever pays for the contract's first balances.
  const first = await touchAll(net.workerIds);
  rows.push(["JobMarket.createJob()", gas(first.job.create), null, "EIP-712 quote, escrow"]);
  rows.push(["JobMarket.drawCommittee() (k = 3)", gas(first.job.draw), null, "future block hash, O(k)"]);
  const epoch0 = await nextEpoch();
  rows.push([`EpochRewards.closeEpoch(), the first ever, ${await license.read.totalSupply()} registered nodes`, gas(await net.mined(rewards.write.closeEpoch([epoch0]))), null, "once in the protocol's life: first balances and totals"]);
  const released = [first.job.jobId];
  await touchAll(net.workerIds);
  const epoch1 = await nextEpoch();
  rows.push([`EpochRewards.closeEpoch() with ${await license.read.totalSupply()} registered nodes`, gas(await net.mined(rewards.write.closeEpoch([epoch1]))), 150_000n, "O(1)"]);
  rows.push(["EpochRewards.claim() after 1 epoch", gas(await net.mined(rewards.write.claim([net.workerIds[0]!]))), 60_000n, "the owner already holds IFX and has not delegated votes"]);

  // Epoch 2: 50 workers, settlements by task and worker count.
  net.workerIds.push(...(await net.join(0, 44)));
  await touchAll(net.workerIds); // every node credited once in the epoch: the rows below are steady state
  const tenWorkers = net.workerIds.slice(0, 10);
  const matrixJobs: `0x${string}`[] = [];
  for (const tasks of [1, 10, 100, 1_000]) {
    await ageOracles(connection, d);
    for (const workerCount of [1, 10, 50]) {
      if (workerCount > tasks) continue;
      const job = await net.openJob(BigInt(tasks) * 5n * WAD, tasks);
      matrixJobs.push(job.jobId);
      const receipt = await settleAll(job, tasks, net.workerIds.slice(0, workerCount));
      rows.push([`settle: ${tasks} tasks over ${workerCount} workers`, gas(receipt), null, "task count only sizes the off-chain tree"]);
    }
  }
  const steady = await net.openJob(1_000n * WAD, 200);
  rows.push(["settle: 200 tasks over 10 workers, steady state", gas(await settleAll(steady, 200, tenWorkers)), 150_000n, "every node already credited in the epoch"]);
  await nextEpoch();
  await ageOracles(connection, d);
  const fresh = await net.openJob(1_000n * WAD, 200);
  rows.push(["settle: 200 tasks over 10 workers, first in the epoch", gas(await settleAll(fresh, 200, tenWorkers)), null, "each node's first credit: participation, stake check, earlier work converted"]);
  for (const [what, used, note] of await measureDisputes(connection, d, net)) rows.push([what, used, null, note]);

  // Ten epochs of work for one worker, then one claim.
  for (let i = 0; i < 10; i++) {
    await ageOracles(connection, d);
    const job = await net.openJob(10n * WAD, 2);
    await settleAll(job, 2, [net.workerIds[1]!]);
    await net.mined(rewards.write.closeEpoch([await nextEpoch()]));
  }
  rows.push(["EpochRewards.claim() after 10 epochs", gas(await net.mined(rewards.write.claim([net.workerIds[1]!]))), 60_000n, "O(1): one accrual slot"]);

  await ageOracles(connection, d);
  const credits = await viem.getContractAt("IFXDollar", d.contracts.IFXDollar, { client: { wallet: owner } });
  await networkHelpers.time.increase(2 * DAY + 1);
  const releasedJobs = [...released, steady.jobId, fresh.jobId, ...matrixJobs];
  const release = await net.mined(market.write.releaseFees([releasedJobs]));
  rows.push([`JobMarket.releaseFees() of ${releasedJobs.length} jobs, per job`, release.gasUsed / BigInt(releasedJobs.length), null, `batch total ${release.gasUsed.toLocaleString("en-US")}, one manager credit`]);
  await net.mined(credits.write.distributeSpent());
  await ageOracles(connection, d);
  const burner = await viem.getContractAt("BuyAndBurn", d.contracts.BuyAndBurn, { client: { wallet: owner } });
  rows.push(["BuyAndBurn.burn() batch", gas(await net.mined(burner.write.burn([2n ** 255n]))), null, "TWAP bound, Uniswap V2 swap, burn"]);
  rows.push(["EpochRewards.payDao()", gas(await net.mined(rewards.write.payDao())), null, "the DAO's share of closed epochs, one transfer"]);

  const extra = LARGE_NODE_COUNT - Number(await license.read.totalSupply());
  if (extra > 0) {
    process.stdout.write(`registering ${extra} more nodes for the large epoch close...\n`);
    await net.join(0, extra);
  }
  await ageOracles(connection, d);
  const job = await net.openJob(10n * WAD, 2);
  await settleAll(job, 2, [net.workerIds[2]!]);
  const large = await nextEpoch();
  rows.push([`EpochRewards.closeEpoch() with ${await license.read.totalSupply()} registered nodes`, gas(await net.mined(rewards.write.closeEpoch([large]))), 150_000n, "O(1): independent of node count"]);

  const table = rows.map(([what, used, target, note]) => [
    what,
    used.toLocaleString("en-US"),
    target === null ? "" : target.toLocaleString("en-US"),
    target === null ? "" : (Number(used) / Number(target)).toFixed(2),
    note,
  ]);
  await writeFile("docs/gas.json", `${JSON.stringify(Object.fromEntries(rows.map(([what, used]) => [what, Number(used)])), null, 2)}\n`);
  await writeBenchDoc("docs/gas.md", "Gas of the market, settlement, epochs, claims and burn", "Hardhat 3 in-process EDR (evm cancun), solc 0.8.28, optimizer 200 runs, real Uniswap V2 pools", ["transaction", "gas used", "target", "ratio", "note"], table);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
