import { expect } from "vitest";
import type { EpochSummary } from "../../../indexer/lib/apiTypes.js";
import type { IndexerScenario } from "./indexerScenario.js";

/*
 * The indexer's reward tables (epochs with their fees, burns, role pools and DAO share; the buy-back and its vesting)
 * against the chain, for indexer.e2e.test.ts: each check reads the scenario's indexer and chain.
 */

const BPS = 10_000n;

/** Every epoch's W, fees and burn, and each closed epoch's role pools and DAO share, compared with the chain. */
export async function checkEpochs(s: IndexerScenario): Promise<void> {
  const { chain, indexer } = s;
  const { viem } = chain.connection;
  const c = chain.deployment.contracts;
  const publicClient = await viem.getPublicClient();
  const rewards = await viem.getContractAt("EpochRewards", c.EpochRewards);
  const burner = await viem.getContractAt("BuyAndBurn", c.BuyAndBurn);
  const clock = await viem.getContractAt("EpochClock", c.EpochClock);
  const market = await viem.getContractAt("JobMarket", c.JobMarket);
  type Epoch = {
    id: string; closed: boolean; paidIbmWad: string; feesSettled: string; settlements: number; burnedIfx: string; mintedIfx: string | null; penaltyIfx: string | null;
    toDaoIfx: string | null; workersPoolIfx: string | null; verifiersPoolIfx: string | null; managersPoolIfx: string | null;
  };
  const { epochs } = await indexer.graphql<{ epochs: { items: Epoch[] } }>(`{ epochs(limit: 1000, orderBy: "id") { items {
    id closed paidIbmWad feesSettled settlements burnedIfx mintedIfx penaltyIfx toDaoIfx workersPoolIfx verifiersPoolIfx managersPoolIfx
  } } }`);
  const from = { fromBlock: chain.deployment.startBlock, strict: true } as const;
  // The chain keeps no fees per epoch: a settlement's fee belongs to the epoch the clock ran at its block (the one
  // the rewards contract credited its work to), read at that block.
  const fees = new Map<bigint, { fee: bigint; settlements: number }>();
  for (const log of await publicClient.getContractEvents({ ...from, address: market.address, abi: market.abi, eventName: "JobSettled" })) {
    const n = await publicClient.readContract({ address: clock.address, abi: clock.abi, functionName: "currentEpoch", blockNumber: log.blockNumber });
    const sum = fees.get(n) ?? { fee: 0n, settlements: 0 };
    fees.set(n, { fee: sum.fee + log.args.fee, settlements: sum.settlements + 1 });
  }
  const closedLogs = await publicClient.getContractEvents({ ...from, address: rewards.address, abi: rewards.abi, eventName: "EpochClosed" });
  expect(epochs.items.filter((e) => e.closed).map((e) => BigInt(e.id))).toEqual(closedLogs.map((l) => l.args.epoch));
  expect(closedLogs).toHaveLength(1);
  for (const e of epochs.items) {
    const n = BigInt(e.id);
    const totals = await rewards.read.epochTotals([n]);
    expect([e.closed, BigInt(e.paidIbmWad)], e.id).toEqual([totals.closed, totals.paidWorkWad]);
    expect(BigInt(e.burnedIfx), e.id).toBe(await burner.read.burnedInEpoch([n]));
    expect([BigInt(e.feesSettled), e.settlements], e.id).toEqual([fees.get(n)?.fee ?? 0n, fees.get(n)?.settlements ?? 0]);
    if (!e.closed) continue;
    // No view gives the role pools: the contract derives them from T and the split fixed at the epoch's first credit
    // (`EpochRewards._share`), the verifiers' with the penalties released into the epoch.
    const pool = (bps: number) => (totals.mintedIfx * BigInt(bps)) / BPS;
    expect([e.mintedIfx, e.penaltyIfx, e.workersPoolIfx, e.verifiersPoolIfx, e.managersPoolIfx].map((v) => BigInt(v!))).toEqual([
      totals.mintedIfx, totals.penaltyIfx, pool(totals.terms.workersBps), pool(totals.terms.verifiersBps) + totals.penaltyIfx, pool(totals.terms.managersBps),
    ]);
    expect(BigInt(e.toDaoIfx!)).toBe(closedLogs.find((l) => l.args.epoch === n)!.args.toDaoIfx);
    // The read API answers the same figures.
    const summary = await indexer.get<EpochSummary>(`/epochs/${n}`);
    expect(summary.body).toMatchObject({
      pools: { workersIfx: e.workersPoolIfx, verifiersIfx: e.verifiersPoolIfx, managersIfx: e.managersPoolIfx }, toDaoIfx: e.toDaoIfx, feesSettled: e.feesSettled, burnedIfx: e.burnedIfx,
    });
  }
  // What closed epochs owe the DAO is what it was paid and what it is still owed; the burns per epoch add up to the total.
  const paid = await publicClient.getContractEvents({ ...from, address: rewards.address, abi: rewards.abi, eventName: "DaoPaid" });
  const owed = epochs.items.reduce((a, e) => a + BigInt(e.toDaoIfx ?? 0), 0n);
  expect(owed).toBe(paid.reduce((a, l) => a + l.args.amount, 0n) + (await rewards.read.daoOwed()));
  expect(owed).toBeGreaterThan(0n);
  expect(epochs.items.reduce((a, e) => a + BigInt(e.burnedIfx), 0n)).toBe(await burner.read.totalBurned());
}

/** The license sold back for IFX and its vesting's claims, compared with the chain. */
export async function checkBuyback(s: IndexerScenario): Promise<void> {
  const { chain, indexer, owner, soldBack } = s;
  const { viem } = chain.connection;
  const c = chain.deployment.contracts;
  const publicClient = await viem.getPublicClient();
  const buyback = await viem.getContractAt("GuaranteedBuyback", c.GuaranteedBuyback);
  const license = await viem.getContractAt("NodeLicense", c.NodeLicense);
  const { buybackClaims, ecosystemReleases } = await indexer.graphql<{
    buybackClaims: { items: { kind: string; licenseId: string; account: string; option: number | null; usdPriceWad: string | null; ifxAmount: string; ethAmount: string | null; participationBps: string | null; block: string }[] };
    ecosystemReleases: { items: { to: string; amount: string }[] };
  }>(`{
    buybackClaims(orderBy: "id") { items { kind licenseId account option usdPriceWad ifxAmount ethAmount participationBps block } }
    ecosystemReleases(where: { channel: 1 }) { items { to amount } }
  }`);
  const from = { address: buyback.address, abi: buyback.abi, fromBlock: chain.deployment.startBlock, strict: true } as const;
  const sales = await publicClient.getContractEvents({ ...from, eventName: "BoughtBack" });
  const claimed = await publicClient.getContractEvents({ ...from, eventName: "VestedClaimed" });
  expect(buybackClaims.items.map((r) => r.kind)).toEqual(["bought_back", "vested_claimed", "vested_claimed"]);
  const [sale, ...claims] = buybackClaims.items as [(typeof buybackClaims.items)[number], ...typeof buybackClaims.items];
  // The sale as its event announced it...
  expect(sales).toHaveLength(1);
  const a = sales[0]!.args;
  expect([BigInt(sale.licenseId), sale.account.toLowerCase(), sale.option, BigInt(sale.usdPriceWad!), BigInt(sale.ifxAmount), BigInt(sale.ethAmount!), BigInt(sale.participationBps!), BigInt(sale.block)]).toEqual([
    a.tokenId, a.holder.toLowerCase(), a.option, a.usdPriceWad, a.ifxAmount, a.ethAmount, a.participationBps, sales[0]!.blockNumber,
  ]);
  // ...and as the contracts hold it: the license's recorded price, the vesting's total and beneficiary (the owner),
  // option (a) (IFX, no ETH), a participation over 66.7%, the IFX taken from the ecosystem fund's buy-back reserve.
  const vesting = await buyback.read.vestingOf([soldBack]);
  expect([BigInt(sale.licenseId), sale.option, BigInt(sale.usdPriceWad!), BigInt(sale.ifxAmount), BigInt(sale.ethAmount!)]).toEqual([
    soldBack, 0, (await license.read.licenseOf([soldBack])).usdPriceWad, vesting.total, 0n,
  ]);
  expect([sale.account.toLowerCase(), vesting.beneficiary.toLowerCase()]).toEqual([owner.toLowerCase(), owner.toLowerCase()]);
  expect(BigInt(sale.participationBps!)).toBeGreaterThan(6_670n);
  expect(ecosystemReleases.items).toEqual([{ to: c.GuaranteedBuyback.toLowerCase(), amount: vesting.total.toString() }]);
  // The two claims as logged; half vested at the first (15 of 30 days), the rest at the second: together the vesting.
  expect(claims.map((r) => [BigInt(r.licenseId), r.account.toLowerCase(), BigInt(r.ifxAmount), BigInt(r.block)])).toEqual(
    claimed.map((l) => [l.args.tokenId, l.args.beneficiary.toLowerCase(), l.args.amount, l.blockNumber]),
  );
  expect(Number((BigInt(claims[0]!.ifxAmount) * 1_000n) / vesting.total) / 1_000).toBeCloseTo(0.5, 2);
  expect(claims.reduce((sum, r) => sum + BigInt(r.ifxAmount), 0n)).toBe(vesting.released);
  expect(vesting.released).toBe(vesting.total);
}
