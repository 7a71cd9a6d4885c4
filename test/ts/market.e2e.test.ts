import hre from "hardhat";
import { getAddress, keccak256, parseEventLogs, toHex, type Abi, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { sceneKey } from "../../keepers/chain/paramKeys.js";
import { swapStableForIfx } from "../../keepers/chain/swapStableForIfx.js";
import { buildOutcomeTree, type TaskOutcome } from "../../keepers/market/taskOutcomes.js";
import { feeOf, marketDomain, quoteTypes, settlementTypes, type Quote, type Settlement } from "../../keepers/market/typedData.js";
import { deployProtocol } from "../../scripts/deploy/deployProtocol.js";
import { ageOracles } from "../../scripts/nodes/ageOracles.js";

const WAD = 10n ** 18n;
const DAY = 86_400;
const [WORKER, VERIFIER, MANAGER] = [0, 1, 2] as const;

/**
 * The money flow on a local chain with real Uniswap V2 pools: two jobs settled by their committees (one with a
 * rejected task), fees released after the dispute window, buy-and-burn, the epoch closed, every node claims. Every
 * figure is checked against WP eq. 17 (fee = W x P), eq. 18 (T = W_p x E_p) and eq. 20 (IBME) computed by hand.
 */
describe("market end to end", () => {
  let connection: Awaited<ReturnType<typeof hre.network.create>>;
  let d: Deployment;
  let chainId: number;
  let owner: Address;
  let artist: Address;
  const operators = new Map<bigint, PrivateKeyAccount>();
  let managerId: bigint;
  const verifierIds: bigint[] = [];
  const workerIds: bigint[] = [];
  let marketAbi: Abi;
  const signersOf: bigint[][] = [];
  const paidBySettlement: bigint[] = [];

  const as = async <N extends "NodeLicense" | "NodeRegistry" | "NodeStaking" | "JobMarket" | "IFXDollar" | "DevStablecoin" | "IFXToken" | "EpochRewards" | "PenaltyPool" | "BuyAndBurn">(
    name: N,
    address: Address,
    who: Address,
  ) => connection.viem.getContractAt(name, address, { client: { wallet: await connection.viem.getWalletClient(who) } });

  async function join(kind: number, price: bigint, frameTimeMs?: bigint): Promise<bigint> {
    const license = await as("NodeLicense", d.contracts.NodeLicense, owner);
    await license.write.buy([kind, false]);
    const id = await license.read.tokenOfOwnerByIndex([owner, (await license.read.balanceOf([owner])) - 1n]);
    const operator = privateKeyToAccount(generatePrivateKey());
    operators.set(id, operator);
    const registry = await as("NodeRegistry", d.contracts.NodeRegistry, owner);
    await registry.write.register([id, operator.address, operator.publicKey, price, ""]);
    await registry.write.setActive([id, true]);
    if (frameTimeMs) {
      const manager = await as("NodeRegistry", d.contracts.NodeRegistry, d.deployer);
      await manager.write.postBenchmarks([[{ licenseId: id, sceneId: sceneKey("inferix/room"), frameTimeMs }]]);
    }
    return id;
  }

  async function openJob(workWad: bigint): Promise<{ jobId: Hex; committee: bigint[] }> {
    const jobId = keccak256(toHex(`job-${workWad}-${Date.now()}`));
    const now = BigInt(await connection.networkHelpers.time.latest());
    const price = 5n * 10n ** 16n; // $0.05 per IBM
    const quote: Quote = {
      jobId, artist, sceneCid: keccak256(toHex("bafy-scene")), frameStart: 1, frameEnd: 20, taskCount: 4,
      workWad, pricePerIbmWad: price, fee: feeOf(workWad, price), ibFloorWad: 0n,
      keysCommitment: keccak256(toHex("keys")), expiry: now + 3_600n, deadline: now + 3n * 86_400n, managerId,
    };
    const signature = await operators.get(managerId)!.signTypedData({ domain: marketDomain(chainId, d.contracts.JobMarket), types: quoteTypes, primaryType: "Quote", message: quote });
    const market = await as("JobMarket", d.contracts.JobMarket, artist);
    await market.write.createJob([quote, signature]);
    await connection.networkHelpers.mine(2);
    const publicClient = await connection.viem.getPublicClient();
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await market.write.drawCommittee([jobId]) });
    const [drawn] = parseEventLogs({ abi: marketAbi, logs: receipt.logs, eventName: "CommitteeDrawn" });
    return { jobId, committee: [...(drawn!.args as { verifierIds: readonly bigint[] }).verifierIds] };
  }

  async function settle(jobId: Hex, index: bigint, committee: bigint[], outcomes: TaskOutcome[]) {
    const tree = buildOutcomeTree(outcomes);
    const work = new Map<bigint, bigint>();
    for (const o of outcomes) if (o.accepted) work.set(o.workerId, (work.get(o.workerId) ?? 0n) + o.workWad);
    const settlement: Settlement = {
      outcomesRoot: tree.root,
      workers: [...work].map(([licenseId, workWad]) => ({ licenseId, workWad })),
      rejected: outcomes.filter((o) => !o.accepted).map((o) => ({ licenseId: o.workerId, taskIndex: o.taskIndex })),
    };
    const signers = committee.slice(0, 2);
    const signatures = await Promise.all(
      signers.map((id) => operators.get(id)!.signTypedData({ domain: marketDomain(chainId, d.contracts.JobMarket), types: settlementTypes, primaryType: "Settlement", message: { jobId, settlementIndex: index, ...settlement } })),
    );
    const market = await as("JobMarket", d.contracts.JobMarket, owner); // anyone may submit
    await market.write.settle([jobId, settlement, committee, signatures]);
    signersOf.push(signers);
    paidBySettlement.push([...work.values()].reduce((a, b) => a + b, 0n));
    return tree;
  }

  beforeAll(async () => {
    connection = await hre.network.create();
    ({ deployment: d } = await deployProtocol(connection, { outDir: null, marketRoleHolder: null }));
    chainId = d.chainId;
    marketAbi = (await hre.artifacts.readArtifact("JobMarket")).abi as Abi;
    const wallets = await connection.viem.getWalletClients();
    owner = getAddress(wallets[13]!.account.address);
    artist = getAddress(wallets[14]!.account.address);
    await ageOracles(connection, d);
    const usd = await as("DevStablecoin", d.external.stablecoin, owner);
    await usd.write.faucet([owner, 1_000_000_000_000n]);
    await usd.write.approve([d.contracts.NodeLicense, 2n ** 255n]);
    managerId = await join(MANAGER, 0n);
    for (let i = 0; i < 3; i++) verifierIds.push(await join(VERIFIER, 0n));
    workerIds.push(await join(WORKER, 5n * 10n ** 16n, 24_000n)); // 0.5 IB
    workerIds.push(await join(WORKER, 5n * 10n ** 16n, 12_000n)); // 1 IB
    const ownerWallet = await connection.viem.getWalletClient(owner);
    const publicClient = await connection.viem.getPublicClient();
    const ifx = await swapStableForIfx(publicClient as never, ownerWallet as never, d, 5_000_000_000n);
    await ageOracles(connection, d);
    const token = await as("IFXToken", d.contracts.IFXToken, owner);
    await token.write.approve([d.contracts.NodeStaking, ifx]);
    const staking = await as("NodeStaking", d.contracts.NodeStaking, owner);
    for (const id of workerIds) await staking.write.stake([id, (await staking.read.minStake([id])) * 2n]);
    const artistUsd = await as("DevStablecoin", d.external.stablecoin, artist);
    await artistUsd.write.faucet([artist, 100_000_000n]);
    await artistUsd.write.approve([d.contracts.IFXDollar, 100_000_000n]);
    await (await as("IFXDollar", d.contracts.IFXDollar, artist)).write.topUp([artist, 100_000_000n]);
  });

  it("settles two jobs in single transactions, one with a rejected task", async () => {
    const credits = await as("IFXDollar", d.contracts.IFXDollar, artist);
    const [w0, w1] = workerIds as [bigint, bigint];
    const cid = (n: number) => keccak256(toHex(`frames-${n}`));
    const job1 = await openJob(1_000n * WAD);
    expect(await credits.read.balanceOf([artist])).toBe(50n * WAD); // eq. 17: 1,000 IBM x $0.05 = 50 escrowed
    await settle(job1.jobId, 0n, job1.committee, [
      { taskIndex: 0, workerId: w0, resultCid: cid(0), accepted: true, workWad: 300n * WAD },
      { taskIndex: 1, workerId: w0, resultCid: cid(1), accepted: true, workWad: 300n * WAD },
      { taskIndex: 2, workerId: w1, resultCid: cid(2), accepted: true, workWad: 200n * WAD },
      { taskIndex: 3, workerId: w1, resultCid: cid(3), accepted: true, workWad: 200n * WAD },
    ]);
    const staking = await as("NodeStaking", d.contracts.NodeStaking, owner);
    const w1Stake = await staking.read.stakeOf([w1]);
    const job2 = await openJob(500n * WAD);
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
    expect(await credits.read.balanceOf([artist])).toBe(25n * WAD); // 100 - 50 - 25

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
    const epoch = (await rewards.read.accountOf([workerIds[0]!])).epoch;
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
    add(workerIds[0]!, (1_100n * WAD * workerRate) / WAD);
    add(workerIds[1]!, (400n * WAD * workerRate) / WAD);
    const verifierWork = paidBySettlement.reduce((sum, paid, i) => sum + paid * BigInt(signersOf[i]!.length), 0n);
    const verifierRate = (T * 1_500n * WAD) / (10_000n * verifierWork);
    const verifierWorkOf = new Map<bigint, bigint>();
    signersOf.forEach((signers, i) => signers.forEach((id) => verifierWorkOf.set(id, (verifierWorkOf.get(id) ?? 0n) + paidBySettlement[i]!)));
    for (const [id, work] of verifierWorkOf) add(id, (work * verifierRate) / WAD);
    add(managerId, (W * ((T * 250n * WAD) / (10_000n * W))) / WAD);

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
