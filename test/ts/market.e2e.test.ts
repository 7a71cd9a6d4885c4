import hre from "hardhat";
import { getAddress, keccak256, toHex, type Address, type Hex } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import type { TaskOutcome } from "../../keepers/market/taskOutcomes.js";
import type { Seat } from "../../keepers/market/typedData.js";
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
  let slashed = 0n;

  const as = async <N extends "NodeStaking" | "JobMarket" | "IFXDollar" | "EpochRewards" | "BuyAndBurn">(name: N, address: Address, who: Address) =>
    connection.viem.getContractAt(name, address, { client: { wallet: await connection.viem.getWalletClient(who) } });

  async function settle(jobId: Hex, index: bigint, committee: readonly Seat[], outcomes: TaskOutcome[]) {
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
    slashed = w1Stake / 10n;
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

  it("closes the epoch: T = W_p x E_p split by role, penalties to verifiers, IBME recorded, every node claims", async () => {
    const rewards = await as("EpochRewards", d.contracts.EpochRewards, owner);
    const [w0, w1] = net.workerIds as [bigint, bigint];
    const epoch = (await rewards.read.accountOf([w0])).epoch;
    const clock = await connection.viem.getContractAt("EpochClock", d.contracts.EpochClock);
    while ((await clock.read.currentEpoch()) <= epoch) await connection.networkHelpers.time.increase(DAY);
    await rewards.write.closeEpoch([epoch]);
    const t = await rewards.read.epochTotals([epoch]);
    const W = 1_500n * WAD; // eq. 18: W_p = 1,000 + 300 + 200 IBM
    expect(t.paidWorkWad).toBe(W);
    expect(t.forfeitedWorkWad).toBe(0n);
    // Managers are credited at fee release: both jobs' fees (75 ifxDollar at $0.05) were released in this epoch.
    expect(t.managerWorkWad).toBe(W);
    const T = (W * 10n ** 18n) / WAD; // E_p = 1 IFX per IBM
    expect(t.mintedIfx).toBe(T);
    // eq. 20: IBME = paid IBM / apparent IBM, apparent = (0.5 + 1) IB x 4,320 min = 6,480 IBM: 1,500 / 6,480
    expect(t.ibmeBps).toBe(Number((W * 10_000n) / ((15n * WAD * 4_320n) / 10n)));
    expect(t.ibmeBps).toBe(2_314);
    // WP §VI-I4: the rejected task's slash joins the verifiers' pool of the epoch.
    expect(slashed > 0n).toBe(true);
    expect(t.penaltyIfx).toBe(slashed);

    // eq. 18 by role: a node's share of its role's pool is its work over the role's work (rounded down).
    const expected = new Map<bigint, bigint>();
    const add = (id: bigint, v: bigint) => expected.set(id, (expected.get(id) ?? 0n) + v);
    const workersPool = (T * 7_500n) / 10_000n;
    add(w0, (1_100n * WAD * workersPool) / W);
    add(w1, (400n * WAD * workersPool) / W);
    const verifierWork = paidBySettlement.reduce((sum, paid, i) => sum + paid * BigInt(signersOf[i]!.length), 0n);
    const verifiersPool = (T * 1_500n) / 10_000n + slashed;
    const verifierWorkOf = new Map<bigint, bigint>();
    signersOf.forEach((signers, i) => signers.forEach((id) => verifierWorkOf.set(id, (verifierWorkOf.get(id) ?? 0n) + paidBySettlement[i]!)));
    for (const [id, work] of verifierWorkOf) add(id, (work * verifiersPool) / verifierWork);
    add(net.managerId, (W * ((T * 250n) / 10_000n)) / t.managerWorkWad);

    const token = await connection.viem.getContractAt("IFXToken", d.contracts.IFXToken);
    for (const [id, amount] of expected) {
      expect(await rewards.read.claimable([id])).toBe(amount);
      const before = await token.read.balanceOf([owner]);
      await rewards.write.claim([id]);
      expect((await token.read.balanceOf([owner])) - before).toBe(amount);
    }
    const claimed = [...expected.values()].reduce((a, b) => a + b, 0n);
    expect(claimed <= T + slashed).toBe(true);
    // The DAO is owed the rest of T: 100% - 75% - 15% - 2.5% = 7.5%.
    expect(await rewards.read.daoOwed()).toBe((T * 750n) / 10_000n);
    const daoBefore = await token.read.balanceOf([d.contracts.IFXTimelock]);
    await rewards.write.payDao();
    expect((await token.read.balanceOf([d.contracts.IFXTimelock])) - daoBefore).toBe((T * 750n) / 10_000n);
    expect(await token.read.balanceOf([d.contracts.EpochRewards])).toBe(T + slashed - claimed - (T * 750n) / 10_000n);
  });
});
