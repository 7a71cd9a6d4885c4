import type { Address } from "viem";
import { expect } from "vitest";
import { GRANT, type IndexerScenario } from "./indexerScenario.js";

/*
 * The indexer's foundation tables (TGE, vesting, airdrop, ecosystem fund, timelock, DAO settings, buy-back escrow)
 * against the chain, for indexer.e2e.test.ts: each check reads the scenario's indexer and chain.
 */

/** The TGE's tranches, their vesting wallets and the airdrop, compared with the chain. */
export async function checkTgeAndAirdrop(s: IndexerScenario): Promise<void> {
  const { chain, indexer, artist, handedOn, airdropped, owner } = s;
  const { viem } = chain.connection;
  const c = chain.deployment.contracts;
  const tgeContract = await viem.getContractAt("TokenGenerationEvent", c.TokenGenerationEvent);
  const airdrop = await viem.getContractAt("MerkleAirdrop", c.MerkleAirdrop);
  const token = await viem.getContractAt("IFXToken", c.IFXToken);
  const { tge, tgeAllocations, vestingWallets, airdropClaims, airdropTotals } = await indexer.graphql<{
    tge: { executedAt: string; totalMinted: string };
    tgeAllocations: { items: { id: number; name: `0x${string}`; holder: string; recipient: string; amount: string; tgeUnlockBps: number; cliffSeconds: string; linearSeconds: string }[] };
    vestingWallets: { items: { id: Address; allocationIndex: number; beneficiary: string; released: string }[] };
    airdropClaims: { items: { id: string; amount: string }[] };
    airdropTotals: { claimed: string; claims: number; swept: string; sweptTo: string };
  }>(`{
    tge(id: "TGE") { executedAt totalMinted }
    tgeAllocations(limit: 100, orderBy: "id") { items { id name holder recipient amount tgeUnlockBps cliffSeconds linearSeconds } }
    vestingWallets(limit: 100) { items { id allocationIndex beneficiary released } }
    airdropClaims { items { id amount } }
    airdropTotals(id: "airdrop") { claimed claims swept sweptTo }
  }`);
  expect(BigInt(tge.executedAt)).toBe(await tgeContract.read.executedAt());
  const table = await tgeContract.read.allocations();
  expect(tgeAllocations.items.map((a) => a.id)).toEqual(table.map((_, i) => i));
  for (const [i, row] of table.entries()) {
    const a = tgeAllocations.items[i]!;
    expect([a.name, a.holder.toLowerCase(), BigInt(a.amount), a.tgeUnlockBps, BigInt(a.cliffSeconds), BigInt(a.linearSeconds)]).toEqual([
      row.name, row.holder.toLowerCase(), row.amount, row.tgeUnlockBps, row.cliffSeconds, row.linearSeconds,
    ]);
    expect(a.recipient.toLowerCase()).toBe((await tgeContract.read.recipientOf([BigInt(i)])).toLowerCase());
  }
  expect(BigInt(tge.totalMinted)).toBe(table.reduce((sum, row) => sum + row.amount, 0n));
  // Every locked tranche's wallet, found by the indexer from the TGE's events, with what it released so far.
  expect(vestingWallets.items.map((w) => w.id.toLowerCase()).sort()).toEqual(Object.values(chain.deployment.tge.vestingWallets).map((a) => a.toLowerCase()).sort());
  for (const w of vestingWallets.items) {
    const wallet = await viem.getContractAt("TrancheVestingWallet", w.id);
    expect(BigInt(w.released)).toBe(await wallet.read.released([c.IFXToken]));
    expect(w.beneficiary.toLowerCase()).toBe((await wallet.read.owner()).toLowerCase());
  }
  expect(vestingWallets.items.some((w) => BigInt(w.released) > 0n)).toBe(true); // the voter's public-sale release
  expect(vestingWallets.items.find((w) => w.id.toLowerCase() === handedOn.toLowerCase())?.beneficiary.toLowerCase()).toBe(artist.toLowerCase());
  // One claim; the rest swept to the timelock by the proposal: together the airdrop's tranche, and nothing left.
  expect(airdropClaims.items).toEqual([{ id: airdropped.account.toLowerCase(), amount: airdropped.amount.toString() }]);
  expect(await airdrop.read.claimed([airdropped.account])).toBe(true);
  const tranche = table.find((row) => row.holder.toLowerCase() === c.MerkleAirdrop.toLowerCase())!;
  expect(BigInt(airdropTotals.claimed) + BigInt(airdropTotals.swept)).toBe(tranche.amount);
  expect(airdropTotals.claims).toBe(1);
  expect(airdropTotals.sweptTo.toLowerCase()).toBe(c.IFXTimelock.toLowerCase());
  expect(await token.read.balanceOf([c.MerkleAirdrop])).toBe(0n);
}

/** The ecosystem fund's releases per channel, compared with the chain. */
export async function checkEcosystemFund(s: IndexerScenario): Promise<void> {
  const { chain, indexer, artist } = s;
  const { viem } = chain.connection;
  const c = chain.deployment.contracts;
  const fund = await viem.getContractAt("EcosystemFund", c.EcosystemFund);
  const rewards = await viem.getContractAt("EpochRewards", c.EpochRewards);
  const { ecosystemFund, ecosystemReleases } = await indexer.graphql<{
    ecosystemFund: { epochRewards: string; buyback: string; grants: string; releasedScheduled: string };
    ecosystemReleases: { items: { channel: number; to: string; amount: string }[] };
  }>(`{
    ecosystemFund(id: "fund") { epochRewards buyback grants releasedScheduled }
    ecosystemReleases(limit: 100) { items { channel to amount } }
  }`);
  expect(BigInt(ecosystemFund.releasedScheduled)).toBe(await fund.read.releasedScheduled());
  expect(BigInt(ecosystemFund.buyback)).toBe(await fund.read.releasedBuyback());
  expect(BigInt(ecosystemFund.grants)).toBe(GRANT);
  const { epochs } = await indexer.graphql<{ epochs: { items: { id: string }[] } }>("{ epochs(where: { closed: true }) { items { id } } }");
  let minted = 0n;
  for (const e of epochs.items) minted += (await rewards.read.epochTotals([BigInt(e.id)])).mintedIfx;
  expect(BigInt(ecosystemFund.epochRewards)).toBe(minted);
  const events = await (await viem.getPublicClient()).getContractEvents({ address: fund.address, abi: fund.abi, eventName: "Released", fromBlock: chain.deployment.startBlock });
  expect(ecosystemReleases.items).toHaveLength(events.length);
  expect(ecosystemReleases.items.filter((r) => r.channel === 2)).toEqual([{ channel: 2, to: artist.toLowerCase(), amount: GRANT.toString() }]);
}

/** The timelock's operation, the DAO's settings and the buy-back escrow, compared with the chain. */
export async function checkTimelockSettingsAndEscrow(s: IndexerScenario): Promise<void> {
  const { chain, indexer } = s;
  const { viem } = chain.connection;
  const c = chain.deployment.contracts;
  const timelock = await viem.getContractAt("IFXTimelock", c.IFXTimelock);
  const governor = await viem.getContractAt("IFXGovernor", c.IFXGovernor);
  const buyback = await viem.getContractAt("GuaranteedBuyback", c.GuaranteedBuyback);
  const { timelockOperations, timelockCalls, governanceSettings, proposals, buybackEscrows, buybackTotals, licenses } = await indexer.graphql<{
    timelockOperations: { items: { id: `0x${string}`; state: string; calls: number; executedCalls: number; readyAt: string }[] };
    timelockCalls: { items: { index: number; target: string; executed: boolean }[] };
    governanceSettings: { items: { id: string; value: string }[] };
    proposals: { items: { targets: string[]; etaSeconds: string }[] };
    buybackEscrows: { items: { id: string; escrowed: string; escrowedTotal: string }[] };
    buybackTotals: { totalEscrowed: string };
    licenses: { items: { id: string; escrowedWei: string }[] };
  }>(`{
    timelockOperations { items { id state calls executedCalls readyAt } }
    timelockCalls(orderBy: "index") { items { index target executed } }
    governanceSettings { items { id value } }
    proposals { items { targets etaSeconds } }
    buybackEscrows { items { id escrowed escrowedTotal } }
    buybackTotals(id: "escrow") { totalEscrowed }
    licenses(limit: 100) { items { id escrowedWei } }
  }`);
  // The proposal's batch: scheduled when it was queued (ready at its eta), executed call by call.
  expect(timelockOperations.items).toHaveLength(1);
  const op = timelockOperations.items[0]!;
  expect(op).toMatchObject({ state: "executed", calls: 5, executedCalls: 5, readyAt: proposals.items[0]!.etaSeconds });
  expect(await timelock.read.isOperationDone([op.id])).toBe(true);
  expect(timelockCalls.items.map((call) => call.target.toLowerCase())).toEqual(proposals.items[0]!.targets.map((t) => t.toLowerCase()));
  expect(timelockCalls.items.every((call) => call.executed)).toBe(true);
  const settings = Object.fromEntries(governanceSettings.items.map((s) => [s.id, BigInt(s.value)]));
  expect(settings).toEqual({
    votingDelay: await governor.read.votingDelay(),
    votingPeriod: await governor.read.votingPeriod(),
    proposalThreshold: await governor.read.proposalThreshold(),
    quorumNumerator: await governor.read.quorumNumerator(),
    timelockMinDelay: await timelock.read.getMinDelay(),
  });
  // The ETH license's escrow, as `escrowOf` and `totalEscrowed` count it, and as its purchase announced it.
  expect(buybackEscrows.items).toHaveLength(1);
  for (const e of buybackEscrows.items) {
    expect(BigInt(e.escrowed)).toBe(await buyback.read.escrowOf([BigInt(e.id)]));
    expect(BigInt(e.escrowedTotal)).toBeGreaterThan(0n);
    expect(e.escrowedTotal).toBe(licenses.items.find((l) => l.id === e.id)!.escrowedWei);
  }
  expect(BigInt(buybackTotals.totalEscrowed)).toBe(await buyback.read.totalEscrowed());
}
