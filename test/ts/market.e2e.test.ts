import hre from "hardhat";
import { getAddress, keccak256, toHex, type Address, type Hex } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import type { TaskOutcome } from "../../keepers/market/taskOutcomes.js";
import { deployProtocol } from "../../scripts/deploy/deployProtocol.js";
import { LocalNetwork } from "../../scripts/lib/localNetwork.js";
import { ageOracles } from "../../scripts/nodes/ageOracles.js";

const WAD = 10n ** 18n;
const DAY = 86_400;

/**
 * The money flow on a local chain with real Uniswap V2 pools: two jobs settled by their committees (one with a
 * rejected task), fees released after the dispute window, buy-and-burn, the epoch closed, every node claims. Every
 * figure is checked against WP eq. 17 (fee = W x P), eq. 18 (T = W_p x E_p) and eq. 20 (IBME) computed by hand.
 */
describe("market end to end", () => {
  let connection: Awaited<ReturnType<typeof hre.network.create>>;
  let d: Deployment;
  let net: LocalNetwork;
  let owner: Address;
  let artist: Address;
  const signersOf: bigint[][] = [];
  const paidBySettlement: bigint[] = [];

  const as = async <N extends "NodeStaking" | "JobMarket" | "IFXDollar" | "EpochRewards" | "BuyAndBurn">(name: N, address: Address, who: Address) =>
    connection.viem.getContractAt(name, address, { client: { wallet: await connection.viem.getWalletClient(who) } });

  async function settle(jobId: Hex, index: bigint, committee: bigint[], outcomes: TaskOutcome[]) {
    const { signerIds, paidWork } = await net.settle(jobId, index, committee, outcomes);
    signersOf.push(signerIds);
    paidBySettlement.push(paidWork);
  }

  beforeAll(async () => {
    connection = await hre.network.create();
    ({ deployment: d } = await deployProtocol(connection, { outDir: null, marketRoleHolder: null }));
    const wallets = await connection.viem.getWalletClients();
    owner = getAddress(wallets[13]!.account.address);
    artist = getAddress(wallets[14]!.account.address);
    net = new LocalNetwork(connection, d, owner, artist);
    await net.start(3, [24_000n, 12_000n]); // workers at 0.5 IB and 1 IB (T_G^0 = 12,000 ms)
    await ageOracles(connection, d);
  });

  it("settles two jobs in single transactions, one with a rejected task", async () => {
    const credits = await as("IFXDollar", d.contracts.IFXDollar, artist);
    const [w0, w1] = net.workerIds as [bigint, bigint];
    const cid = (n: number) => keccak256(toHex(`frames-${n}`));
    const before = await credits.read.balanceOf([artist]);
    const job1 = await net.openJob(1_000n * WAD, 4);
    expect(before - (await credits.read.balanceOf([artist]))).toBe(50n * WAD); // eq. 17: 1,000 IBM x $0.05 escrowed
    await settle(job1.jobId, 0n, job1.committee, [
      { taskIndex: 0, workerId: w0, resultCid: cid(0), accepted: true, workWad: 300n * WAD },
      { taskIndex: 1, workerId: w0, resultCid: cid(1), accepted: true, workWad: 300n * WAD },
      { taskIndex: 2, workerId: w1, resultCid: cid(2), accepted: true, workWad: 200n * WAD },
      { taskIndex: 3, workerId: w1, resultCid: cid(3), accepted: true, workWad: 200n * WAD },
    ]);
    const staking = await as("NodeStaking", d.contracts.NodeStaking, owner);
    const w1Stake = await staking.read.stakeOf([w1]);
    const job2 = await net.openJob(500n * WAD, 2);
    await settle(job2.jobId, 0n, job2.committee, [
      { taskIndex: 0, workerId: w0, resultCid: cid(4), accepted: true, workWad: 300n * WAD },
      { taskIndex: 1, workerId: w1, resultCid: cid(5), accepted: false, workWad: 200n * WAD },
    ]);
    expect(await staking.read.stakeOf([w1])).toBe(w1Stake - w1Stake / 10n); // the rejected worker is slashed
    const market = await as("JobMarket", d.contracts.JobMarket, artist);
    expect((await market.read.job([job2.jobId])).status).toBe(2); // still running: the task is reassigned
    await settle(job2.jobId, 1n, job2.committee, [
      { taskIndex: 1, workerId: w0, resultCid: cid(6), accepted: true, workWad: 200n * WAD },
    ]);
    expect((await market.read.job([job2.jobId])).status).toBe(3); // completed
    expect(before - (await credits.read.balanceOf([artist]))).toBe(75n * WAD);

    await connection.networkHelpers.time.increase(2 * DAY + 1);
    await market.write.releaseFees([[job1.jobId, job2.jobId]]);
    expect(await credits.read.totalSpentCredits()).toBe(75n * WAD);
  });

  it("burns 80% of the spent fees' stablecoin on the DEX; 20% to the foundation", async () => {
    const credits = await as("IFXDollar", d.contracts.IFXDollar, owner);
    await credits.write.distributeSpent();
    const usd = await connection.viem.getContractAt("DevStablecoin", d.external.stablecoin);
    expect(await usd.read.balanceOf([d.contracts.BuyAndBurn])).toBe(60_000_000n);
    expect(await usd.read.balanceOf([d.tge.holders.foundation!])).toBe(15_000_000n);
    await connection.networkHelpers.time.increase(DAY); // $60 is below the $100 batch: the daily interval makes it due
    await ageOracles(connection, d);
    const token = await connection.viem.getContractAt("IFXToken", d.contracts.IFXToken);
    const supply = await token.read.totalSupply();
    const burner = await as("BuyAndBurn", d.contracts.BuyAndBurn, owner);
    await burner.write.burn([2n ** 255n]);
    const burned = await burner.read.totalBurned();
    expect(burned > 0n).toBe(true);
    expect(supply - (await token.read.totalSupply())).toBe(burned);
  });

  it("closes the epoch: T = W_p x E_p split by role, IBME recorded, every node claims its share", async () => {
    const rewards = await as("EpochRewards", d.contracts.EpochRewards, owner);
    const [w0, w1] = net.workerIds as [bigint, bigint];
    const epoch = (await rewards.read.accountOf([w0])).epoch;
    const clock = await connection.viem.getContractAt("EpochClock", d.contracts.EpochClock);
    while ((await clock.read.currentEpoch()) <= epoch) await connection.networkHelpers.time.increase(DAY);
    await rewards.write.closeEpoch([epoch]);
    const t = await rewards.read.epochTotals([epoch]);
    const W = 1_500n * WAD; // eq. 18: W_p = 1,000 + 300 + 200 IBM
    expect(t.workerWorkWad + t.forfeitedWorkWad).toBe(W);
    const T = (W * 10n ** 18n) / WAD; // E_p = 1 IFX per IBM
    expect(t.mintedIfx).toBe(T);
    // eq. 20: apparent IBM = (0.5 + 1) IB x 4,320 min
    expect(t.apparentIbmWad).toBe((15n * WAD * 4_320n) / 10n);

    const expected = new Map<bigint, bigint>();
    const add = (id: bigint, v: bigint) => expected.set(id, (expected.get(id) ?? 0n) + v);
    const workerRate = (T * 7_500n * WAD) / (10_000n * W);
    add(w0, (1_100n * WAD * workerRate) / WAD);
    add(w1, (400n * WAD * workerRate) / WAD);
    const verifierWork = paidBySettlement.reduce((sum, paid, i) => sum + paid * BigInt(signersOf[i]!.length), 0n);
    const verifierRate = (T * 1_500n * WAD) / (10_000n * verifierWork);
    const verifierWorkOf = new Map<bigint, bigint>();
    signersOf.forEach((signers, i) => signers.forEach((id) => verifierWorkOf.set(id, (verifierWorkOf.get(id) ?? 0n) + paidBySettlement[i]!)));
    for (const [id, work] of verifierWorkOf) add(id, (work * verifierRate) / WAD);
    add(net.managerId, (W * ((T * 250n * WAD) / (10_000n * W))) / WAD);

    const token = await connection.viem.getContractAt("IFXToken", d.contracts.IFXToken);
    for (const [id, amount] of expected) {
      expect(await rewards.read.claimable([id])).toBe(amount);
      const before = await token.read.balanceOf([owner]);
      await rewards.write.claim([id]);
      expect((await token.read.balanceOf([owner])) - before).toBe(amount);
    }
    const claimed = [...expected.values()].reduce((a, b) => a + b, 0n);
    expect(await rewards.read.totalClaimed()).toBe(claimed);
    expect(claimed <= T).toBe(true);
  });
});
