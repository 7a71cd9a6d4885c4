import pg from "pg";
import { parseAbiItem, parseUnits, type Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paramKey } from "../../../keepers/chain/paramKeys.js";
import type { EpochSummary, NetworkTotals, NodeEarnings } from "../../../indexer/lib/apiTypes.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import type { IndexerProcess } from "../../../scripts/lib/startIndexer.js";
import type { LocalChain } from "../helpers/serveLocalChain.js";
import type { OpenDispute } from "../helpers/nodeLifecycle.js";
import { GRANT, OWNER, runIndexerScenario, type IndexerScenario } from "./indexerScenario.js";

const IFX = 10n ** 18n;

/**
 * The indexer against the real contracts: a local chain served over HTTP, the protocol deployed, the money flow of a
 * job (licenses, stakes, escrow, settlement, fee release, buy-and-burn, epoch close, claims) and a DAO parameter
 * change; then `ponder start` indexes it and every answer is compared with a read of the chain.
 */
describe("indexer (Ponder) end to end", () => {
  let chain: LocalChain;
  let indexer: IndexerProcess;
  let claimedByNode: Map<bigint, bigint>;
  let owner: Address;
  let artist: Address;
  let airdropped: { account: Address; amount: bigint };
  let net: LocalNetwork;
  let disputed: OpenDispute;
  let blacklisted: bigint;
  let handedOn: Address;
  let onServer: IndexerProcess | undefined;
  let databaseUrl: string | undefined;
  let scenario: IndexerScenario | undefined;

  beforeAll(async () => {
    scenario = await runIndexerScenario();
    ({ chain, indexer, onServer, databaseUrl, claimedByNode, owner, artist, airdropped, net, disputed, blacklisted, handedOn } = scenario);
  }, 240_000);

  afterAll(async () => scenario?.close());

  it("licenses: kind, price paid and holder equal the chain's", async () => {
    const { viem } = chain.connection;
    const license = await viem.getContractAt("NodeLicense", chain.deployment.contracts.NodeLicense);
    const { licenses } = await indexer!.graphql<{ licenses: { totalCount: number; items: { id: string; kind: number; holder: string; usdPriceWad: string; amountPaid: string }[] } }>(
      "{ licenses(limit: 100) { totalCount items { id kind holder usdPriceWad amountPaid } } }",
    );
    expect(licenses.totalCount).toBe(Number(await license.read.totalSupply()));
    expect(licenses.totalCount).toBeGreaterThanOrEqual(6);
    for (const item of licenses.items) {
      expect(item.holder.toLowerCase()).toBe((await license.read.ownerOf([BigInt(item.id)])).toLowerCase());
      expect(BigInt(item.amountPaid)).toBeGreaterThan(0n);
    }
  });

  it("nodes: role, operator, stake, IB and participation equal the chain's", async () => {
    const { viem } = chain.connection;
    const c = chain.deployment.contracts;
    const staking = await viem.getContractAt("NodeStaking", c.NodeStaking);
    const registry = await viem.getContractAt("NodeRegistry", c.NodeRegistry);
    const { nodes } = await indexer!.graphql<{
      nodes: { items: { id: string; role: number; operator: string; stake: string; unbonding: string; ibWad: string; active: boolean; blacklisted: boolean; retired: boolean; activeEpochs: string }[] };
    }>("{ nodes(limit: 100) { items { id role operator stake unbonding ibWad active blacklisted retired activeEpochs } } }");
    expect(nodes.items.length).toBe(6); // a manager, three verifiers, two workers
    expect(nodes.items.filter((n) => n.role === 0)).toHaveLength(2);
    for (const n of nodes.items) {
      const id = BigInt(n.id);
      expect(BigInt(n.stake)).toBe(await staking.read.stakeOf([id]));
      const status = await registry.read.status([id]);
      expect(n.operator.toLowerCase()).toBe(status.operator.toLowerCase());
      expect(n.active).toBe(status.active);
      expect(BigInt(n.ibWad)).toBe(status.ibWad);
      expect(n.role).toBe(status.kind);
      expect(BigInt(n.activeEpochs)).toBe((await registry.read.participation([id]))[0]);
      expect([n.blacklisted, n.retired]).toEqual([status.blacklisted, status.retired]);
      expect(BigInt(n.unbonding)).toBe((await staking.read.unbondingOf([id, owner])).amount); // the owner is every node's only beneficiary
    }
  });

  it("the job, its settlement (task root) and its released fee equal the chain's", async () => {
    const { viem } = chain.connection;
    const market = await viem.getContractAt("JobMarket", chain.deployment.contracts.JobMarket);
    const { jobs } = await indexer!.graphql<{ jobs: { items: { id: `0x${string}`; status: number; paidWorkWad: string; feesReleased: string; escrow: string; settlements: number; managerId: string }[] } }>(
      "{ jobs(orderBy: \"createdBlock\") { items { id status paidWorkWad feesReleased escrow settlements managerId } } }",
    );
    expect(jobs.items).toHaveLength(2); // the money flow's, then the disputed one
    const j = jobs.items[0]!;
    const onChain = await market.read.job([j.id]);
    expect(j.status).toBe(onChain.status);
    expect(BigInt(j.paidWorkWad)).toBe(onChain.paidWorkWad);
    expect(j.settlements).toBe(onChain.settlements);
    expect(BigInt(j.escrow)).toBe(50n * IFX);
    expect(BigInt(j.feesReleased)).toBe(50n * IFX);
    const { settlements } = await indexer!.graphql<{ settlements: { items: { jobId: string; outcomesRoot: `0x${string}`; workersKnown: boolean; workers: { licenseId: string; workWad: string }[]; signers: string[] }[] } }>(
      "query($jobId: String!) { settlements(where: { jobId: $jobId }) { items { jobId outcomesRoot workersKnown workers signers } } }",
      { jobId: j.id },
    );
    expect(settlements.items).toHaveLength(1);
    const s = settlements.items[0]!;
    expect(s.workersKnown).toBe(true);
    expect(s.workers.map((w) => BigInt(w.workWad))).toEqual([500n * IFX, 500n * IFX]);
    expect(s.signers).toHaveLength(2);
    // The job's trail on chain seals its settled roots: the indexed root is the one the committee signed.
    const logs = await (await viem.getPublicClient()).getContractEvents({ address: market.address, abi: market.abi, eventName: "JobSettled", fromBlock: chain.deployment.startBlock });
    expect(s.outcomesRoot).toBe(logs[0]!.args.outcomesRoot);
  });

  it("the epoch (W, T, IBME, pools) and each node's earnings equal the chain's, and sum to what it claimed", async () => {
    const { viem } = chain.connection;
    const rewards = await viem.getContractAt("EpochRewards", chain.deployment.contracts.EpochRewards);
    const { epochs } = await indexer!.graphql<{ epochs: { items: { id: string; closed: boolean }[] } }>("{ epochs(where: { closed: true }) { items { id closed } } }");
    expect(epochs.items).toHaveLength(1);
    const n = BigInt(epochs.items[0]!.id);
    const totals = await rewards.read.epochTotals([n]);
    const summary = await indexer!.get<EpochSummary>(`/epochs/${n}`);
    expect(summary.status).toBe(200);
    expect(BigInt(summary.body.paidIbmWad)).toBe(totals.paidWorkWad);
    expect(BigInt(summary.body.mintedIfx!)).toBe(totals.mintedIfx);
    expect(BigInt(summary.body.ibmeBps!)).toBe(BigInt(totals.ibmeBps));
    expect(BigInt(summary.body.penaltyIfx!)).toBe(totals.penaltyIfx);
    expect(summary.body.nodes).toBe(5); // two workers, two signing verifiers, the manager
    expect(claimedByNode.size).toBe(5);
    for (const [id, claimed] of claimedByNode) {
      const earnings = await indexer!.get<NodeEarnings>(`/nodes/${id}/earnings`);
      expect(earnings.status).toBe(200);
      expect(BigInt(earnings.body.earnedIfx)).toBe(claimed);
      expect(BigInt(earnings.body.claimedIfx)).toBe(claimed);
      expect(earnings.body.epochs.filter((e) => e.closed).map((e) => e.epoch)).toEqual([n.toString()]); // and the disputed job's open epoch
    }
    expect((await indexer!.get(`/nodes/999999/earnings`)).status).toBe(404);
    expect((await indexer!.get(`/nodes/abc/earnings`)).status).toBe(400);
  });

  it("claims, the burn and token supply equal the chain's; /totals adds up", async () => {
    const { viem } = chain.connection;
    const c = chain.deployment.contracts;
    const burner = await viem.getContractAt("BuyAndBurn", c.BuyAndBurn);
    const token = await viem.getContractAt("IFXToken", c.IFXToken);
    const { claims, burns, tokenSupply, tokenHolder } = await indexer!.graphql<{
      claims: { items: { nodeId: string; amount: string; to: string }[] };
      burns: { items: { ifxBurned: string }[] };
      tokenSupply: { totalSupply: string; burned: string };
      tokenHolder: { balance: string };
    }>(
      `query($owner: String!) {
        claims { items { nodeId amount to } }
        burns { items { ifxBurned } }
        tokenSupply(id: "IFX") { totalSupply burned }
        tokenHolder(id: $owner) { balance }
      }`,
      { owner: owner.toLowerCase() },
    );
    expect(claims.items).toHaveLength(claimedByNode.size);
    for (const item of claims.items) expect(BigInt(item.amount)).toBe(claimedByNode.get(BigInt(item.nodeId)));
    expect(burns.items.reduce((a, b) => a + BigInt(b.ifxBurned), 0n)).toBe(await burner.read.totalBurned());
    expect(BigInt(tokenSupply.totalSupply)).toBe(await token.read.totalSupply());
    expect(BigInt(tokenSupply.burned)).toBeGreaterThanOrEqual(await burner.read.totalBurned());
    expect(BigInt(tokenHolder.balance)).toBe(await token.read.balanceOf([owner]));
    const totals = await indexer!.get<NetworkTotals>("/totals");
    expect(totals.status).toBe(200);
    expect(totals.body).toMatchObject({ licenses: 7, nodes: 6, jobs: 2, settlements: 2, epochsClosed: 1, proposals: 1, parameterChanges: 1 });
    expect(BigInt(totals.body.ifxSupply)).toBe(await token.read.totalSupply());
    expect(BigInt(totals.body.claimedIfx)).toBe([...claimedByNode.values()].reduce((a, b) => a + b, 0n));
  });

  it("license tiers, IB reference times and ifxDollar balances and totals equal the chain's", async () => {
    const { viem } = chain.connection;
    const c = chain.deployment.contracts;
    const license = await viem.getContractAt("NodeLicense", c.NodeLicense);
    const params = await viem.getContractAt("ParameterRegistry", c.ParameterRegistry);
    const credits = await viem.getContractAt("IFXDollar", c.IFXDollar);
    const { licenseTiers, referenceTimes, creditTotals, creditAccounts } = await indexer!.graphql<{
      licenseTiers: { items: { kind: number; index: number; size: string; usdPriceWad: string }[] };
      referenceTimes: { items: { id: `0x${string}`; timeMs: string; removed: boolean }[] };
      creditTotals: { totalSupply: string; toppedUp: string; spent: string; toBurnStable: string; toFoundationStable: string };
      creditAccounts: { items: { id: `0x${string}`; balance: string; spent: string }[] };
    }>(`{
      licenseTiers(limit: 100, orderBy: "id") { items { kind index size usdPriceWad } }
      referenceTimes(limit: 100) { items { id timeMs removed } }
      creditTotals(id: "IFXD") { totalSupply toppedUp spent toBurnStable toFoundationStable }
      creditAccounts(limit: 100) { items { id balance spent } }
    }`);
    for (const kind of [0, 1, 2] as const) {
      const onChain = await license.read.tiers([kind]);
      const indexed = licenseTiers.items.filter((t) => t.kind === kind).sort((a, b) => a.index - b.index);
      expect(indexed.map((t) => [BigInt(t.size), BigInt(t.usdPriceWad)])).toEqual(onChain.map((t) => [BigInt(t.size), BigInt(t.usdPriceWad)]));
      expect(indexed.length).toBeGreaterThan(0);
    }
    const scenes = await params.read.sceneIds();
    expect(referenceTimes.items.filter((r) => !r.removed).map((r) => r.id).sort()).toEqual([...scenes].map((s) => s.toLowerCase()).sort());
    for (const r of referenceTimes.items) expect(BigInt(r.timeMs)).toBe(await params.read.referenceTimeMs([r.id]));
    expect(BigInt(creditTotals.totalSupply)).toBe(await credits.read.totalSupply());
    expect(BigInt(creditTotals.spent)).toBe(await credits.read.totalSpentCredits());
    expect(BigInt(creditTotals.spent)).toBeGreaterThan(0n); // the job's released fee
    expect(BigInt(creditTotals.toBurnStable) + BigInt(creditTotals.toFoundationStable)).toBe(await credits.read.distributedStable());
    expect(creditAccounts.items.length).toBeGreaterThanOrEqual(2); // the artist and the market
    for (const a of creditAccounts.items) expect(BigInt(a.balance)).toBe(await credits.read.balanceOf([a.id]));
  });

  it("the governance proposal, its vote and the parameter change equal the chain's", async () => {
    const { viem } = chain.connection;
    const params = await viem.getContractAt("ParameterRegistry", chain.deployment.contracts.ParameterRegistry);
    const { proposals, votes, parameter, parameterChanges } = await indexer!.graphql<{
      proposals: { items: { state: string; forVotes: string; description: string }[] };
      votes: { items: { support: number; weight: string }[] };
      parameter: { name: string; value: string };
      parameterChanges: { items: { name: string; oldValue: string; newValue: string }[] };
    }>(
      `query($key: String!) {
        proposals { items { state forVotes description } }
        votes { items { support weight } }
        parameter(id: $key) { name value }
        parameterChanges { items { name oldValue newValue } }
      }`,
      { key: paramKey("emissionRatePerIbm") },
    );
    expect(proposals.items).toEqual([{ state: "executed", forVotes: (30_000_000n * IFX).toString(), description: "E_p to 2 IFX/IBM" }]);
    expect(votes.items).toEqual([{ support: 1, weight: (30_000_000n * IFX).toString() }]);
    expect(parameter).toEqual({ name: "emissionRatePerIbm", value: (await params.read.emissionRatePerIbm()).toString() });
    expect(parameterChanges.items).toEqual([{ name: "emissionRatePerIbm", oldValue: IFX.toString(), newValue: (2n * IFX).toString() }]);
  });

  it("the TGE's tranches, their vesting wallets' releases and the airdrop's claim and sweep equal the chain's", async () => {
    const { viem } = chain.connection;
    const c = chain.deployment.contracts;
    const tgeContract = await viem.getContractAt("TokenGenerationEvent", c.TokenGenerationEvent);
    const airdrop = await viem.getContractAt("MerkleAirdrop", c.MerkleAirdrop);
    const token = await viem.getContractAt("IFXToken", c.IFXToken);
    const { tge, tgeAllocations, vestingWallets, airdropClaims, airdropTotals } = await indexer!.graphql<{
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
  });

  it("the ecosystem fund's releases (the epoch's rewards, the DAO's grant) equal the chain's", async () => {
    const { viem } = chain.connection;
    const c = chain.deployment.contracts;
    const fund = await viem.getContractAt("EcosystemFund", c.EcosystemFund);
    const rewards = await viem.getContractAt("EpochRewards", c.EpochRewards);
    const { ecosystemFund, ecosystemReleases } = await indexer!.graphql<{
      ecosystemFund: { epochRewards: string; buyback: string; grants: string; releasedScheduled: string };
      ecosystemReleases: { items: { channel: number; to: string; amount: string }[] };
    }>(`{
      ecosystemFund(id: "fund") { epochRewards buyback grants releasedScheduled }
      ecosystemReleases(limit: 100) { items { channel to amount } }
    }`);
    expect(BigInt(ecosystemFund.releasedScheduled)).toBe(await fund.read.releasedScheduled());
    expect(BigInt(ecosystemFund.buyback)).toBe(await fund.read.releasedBuyback());
    expect(BigInt(ecosystemFund.grants)).toBe(GRANT);
    const { epochs } = await indexer!.graphql<{ epochs: { items: { id: string }[] } }>("{ epochs(where: { closed: true }) { items { id } } }");
    let minted = 0n;
    for (const e of epochs.items) minted += (await rewards.read.epochTotals([BigInt(e.id)])).mintedIfx;
    expect(BigInt(ecosystemFund.epochRewards)).toBe(minted);
    const events = await (await viem.getPublicClient()).getContractEvents({ address: fund.address, abi: fund.abi, eventName: "Released", fromBlock: chain.deployment.startBlock });
    expect(ecosystemReleases.items).toHaveLength(events.length);
    expect(ecosystemReleases.items.filter((r) => r.channel === 2)).toEqual([{ channel: 2, to: artist.toLowerCase(), amount: GRANT.toString() }]);
  });

  it("the timelock's operation, the DAO's settings and the buy-back escrow equal the chain's", async () => {
    const { viem } = chain.connection;
    const c = chain.deployment.contracts;
    const timelock = await viem.getContractAt("IFXTimelock", c.IFXTimelock);
    const governor = await viem.getContractAt("IFXGovernor", c.IFXGovernor);
    const buyback = await viem.getContractAt("GuaranteedBuyback", c.GuaranteedBuyback);
    const { timelockOperations, timelockCalls, governanceSettings, proposals, buybackEscrows, buybackTotals, licenses } = await indexer!.graphql<{
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
  });

  it("the disputed task (opened by the artist, upheld by the DAO), the unstake and withdrawal, the blacklisting and forfeits equal the chain's", async () => {
    const { viem } = chain.connection;
    const c = chain.deployment.contracts;
    const publicClient = await viem.getPublicClient();
    const market = await viem.getContractAt("JobMarket", c.JobMarket);
    const rewards = await viem.getContractAt("EpochRewards", c.EpochRewards);
    const staking = await viem.getContractAt("NodeStaking", c.NodeStaking);
    const pool = await viem.getContractAt("PenaltyPool", c.PenaltyPool);
    const { disputes, job, slashs, stakeChanges, node, penaltyPool, nodeEpochs } = await indexer!.graphql<{
      disputes: { items: { jobId: string; settlementIndex: number; taskIndex: number; workerId: string; resolved: boolean; upheld: boolean; refunded: string }[] };
      job: { openDisputes: number; refunded: string };
      slashs: { items: { nodeId: string; amount: string; stake: string }[] };
      stakeChanges: { items: { nodeId: string; kind: string; amount: string }[] };
      node: { blacklisted: boolean; blacklistedByDao: boolean; active: boolean };
      penaltyPool: { received: string; pending: string };
      nodeEpochs: { items: { epoch: string; role: number; workWad: string; forfeited: boolean }[] };
    }>(
      `query($jobId: String!, $verifier: BigInt!) {
        disputes { items { jobId settlementIndex taskIndex workerId resolved upheld refunded } }
        job(id: $jobId) { openDisputes refunded }
        slashs { items { nodeId amount stake } }
        stakeChanges(where: { kind_not: "staked" }, orderBy: "id") { items { nodeId kind amount } }
        node(id: $verifier) { blacklisted blacklistedByDao active }
        penaltyPool(id: "pool") { received pending }
        nodeEpochs(limit: 1000) { items { epoch role workWad forfeited } }
      }`,
      { jobId: disputed.jobId, verifier: blacklisted.toString() },
    );
    // The dispute as the market logged its resolution, and the job's open disputes as the market counts them.
    const [resolved] = await publicClient.getContractEvents({ address: c.JobMarket, abi: market.abi, eventName: "DisputeResolved", fromBlock: chain.deployment.startBlock });
    expect(disputes.items).toEqual([{
      jobId: disputed.jobId, settlementIndex: 0, taskIndex: disputed.taskIndex, workerId: disputed.workerId.toString(), resolved: true, upheld: true,
      refunded: resolved!.args.refunded!.toString(),
    }]);
    expect(BigInt(resolved!.args.refunded!)).toBeGreaterThan(0n);
    expect(job.openDisputes).toBe((await market.read.job([disputed.jobId])).openDisputes);
    expect(job.refunded).toBe(resolved!.args.refunded!.toString());
    // The upheld dispute slashed its worker: the slash and the penalty pool as the chain holds them.
    const slashed = await publicClient.getContractEvents({ address: c.NodeStaking, abi: staking.abi, eventName: "Slashed", fromBlock: chain.deployment.startBlock });
    expect(slashs.items.map((s) => [BigInt(s.nodeId), BigInt(s.amount)])).toEqual(slashed.map((l) => [l.args.licenseId!, l.args.amount!]));
    expect(slashs.items.map((s) => BigInt(s.nodeId))).toContain(disputed.workerId);
    expect(BigInt(penaltyPool.pending)).toBe(await pool.read.pending());
    // The quarter unstaked by the first worker, then withdrawn in full.
    const w0 = net!.workerIds[0]!;
    expect(stakeChanges.items.map((s) => [BigInt(s.nodeId), s.kind])).toEqual([[w0, "unstake_requested"], [w0, "withdrawn"]]);
    expect(stakeChanges.items[0]!.amount).toBe(stakeChanges.items[1]!.amount);
    expect((await staking.read.unbondingOf([w0, owner])).amount).toBe(0n);
    // The verifier the DAO blacklisted.
    const status = await (await viem.getContractAt("NodeRegistry", c.NodeRegistry)).read.status([blacklisted]);
    expect(node).toEqual({ blacklisted: status.blacklisted, blacklistedByDao: true, active: status.active });
    expect(node.blacklisted).toBe(true);
    // Forfeited work per epoch and role: what the indexer flagged sums to what the rewards contract set aside.
    const epochs = [...new Set(nodeEpochs.items.map((e) => BigInt(e.epoch)))];
    expect(epochs.length).toBe(2); // the closed epoch and the one of the disputed job
    for (const n of epochs) {
      const forfeited = [0, 1, 2].map((role) => nodeEpochs.items.filter((e) => BigInt(e.epoch) === n && e.role === role && e.forfeited).reduce((a, e) => a + BigInt(e.workWad), 0n));
      expect(forfeited).toEqual([...(await rewards.read.forfeitedWork([n]))]);
    }
  });

  it("after the restart nothing is indexed twice: every balance and every history row matches the chain", async () => {
    const { viem } = chain.connection;
    const c = chain.deployment.contracts;
    const publicClient = await viem.getPublicClient();
    const token = await viem.getContractAt("IFXToken", c.IFXToken);
    const { tokenHolders, stakeChanges, ibUpdates, votes } = await indexer!.graphql<{
      tokenHolders: { totalCount: number; items: { id: Address; balance: string }[] };
      stakeChanges: { totalCount: number };
      ibUpdates: { totalCount: number };
      votes: { totalCount: number };
    }>("{ tokenHolders(limit: 1000) { totalCount items { id balance } } stakeChanges { totalCount } ibUpdates { totalCount } votes { totalCount } }");
    expect(indexer!.logged("Detected crash recovery")).toBe(true); // the restart resumed, it did not start over
    expect(tokenHolders.items.length).toBe(tokenHolders.totalCount);
    for (const holder of tokenHolders.items) expect(BigInt(holder.balance)).toBe(await token.read.balanceOf([holder.id]));
    const count = async (address: Address, signature: string) =>
      (await publicClient.getLogs({ address, event: parseAbiItem(signature) as never, fromBlock: chain.deployment.startBlock })).length;
    const staked = await count(c.NodeStaking, "event Staked(uint256 indexed licenseId, address indexed from, uint256 amount, uint256 stake)");
    expect(staked).toBeGreaterThan(0);
    const unstaked = await count(c.NodeStaking, "event UnstakeRequested(uint256 indexed licenseId, address indexed beneficiary, uint256 amount, uint256 unbonding, uint256 releaseAt)");
    const withdrawn = await count(c.NodeStaking, "event Withdrawn(uint256 indexed licenseId, address indexed beneficiary, uint256 amount)");
    expect([unstaked, withdrawn]).toEqual([1, 1]);
    expect(stakeChanges.totalCount).toBe(staked + unstaked + withdrawn);
    const ib = await count(c.NodeRegistry, "event IbUpdated(uint256 indexed licenseId, bytes32 indexed sceneId, uint256 frameTimeMs, uint256 requestedIbWad, uint256 ibWad, uint256 epoch, address reporter)");
    expect(ib).toBeGreaterThan(0);
    expect(ibUpdates.totalCount).toBe(ib);
    expect(votes.totalCount).toBe(1);
  });

  it("on PostgreSQL (DATABASE_URL) the same chain gives the same answers", async (ctx) => {
    if (onServer === undefined) ctx.skip();
    const other = onServer!;
    try {
      const { epochs } = await indexer!.graphql<{ epochs: { items: { id: string }[] } }>("{ epochs { items { id } } }");
      const paths = ["/totals", ...epochs.items.map((e) => `/epochs/${e.id}`), ...[...claimedByNode.keys()].map((id) => `/nodes/${id}/earnings`)];
      for (const path of paths) {
        expect((await other.get(path)).body, path).toEqual((await indexer!.get(path)).body);
      }
      const query = "{ licenses(limit: 100, orderBy: \"id\") { items { id kind holder amountPaid } } nodes(limit: 100, orderBy: \"id\") { items { id stake ibWad activeEpochs } } jobs { items { id status feesReleased } } proposals { items { id state forVotes } } tokenSupply(id: \"IFX\") { totalSupply burned } }";
      expect(await other.graphql(query)).toEqual(await indexer!.graphql(query));
      // The rows are in the server's database, in the schema given to `ponder start`.
      const client = new pg.Client({ connectionString: databaseUrl! });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(`select count(*) as n from "e2e_${process.pid}".license`);
        expect(Number(rows[0]!.n)).toBe(7); // six nodes' licenses and the one paid in ETH
      } finally {
        await client.end();
      }
    } finally {
      await other.dispose();
      onServer = undefined;
    }
  });

  it("a reorg (the local node reverted to a snapshot) is undone: the dropped block's rows go, the new branch's come", async () => {
    const { viem } = chain.connection;
    const publicClient = await viem.getPublicClient();
    const wallet = (await viem.getWalletClients())[OWNER]!;
    const token = await viem.getContractAt("IFXToken", chain.deployment.contracts.IFXToken, { client: { wallet } });
    const [dropped, kept] = ["0x00000000000000000000000000000000000d0001", "0x00000000000000000000000000000000000d0002"] as const;
    const holder = async (id: Address) => (await indexer!.graphql<{ tokenHolder: { balance: string } | null }>("query($id: String!) { tokenHolder(id: $id) { balance } }", { id })).tokenHolder;

    const snapshot = (await chain.rpc("evm_snapshot")) as string;
    await publicClient.waitForTransactionReceipt({ hash: await token.write.transfer([dropped, parseUnits("1", 18)]) });
    await indexer!.caughtUp(await publicClient.getBlockNumber(), 30_000);
    expect(await holder(dropped)).toEqual({ balance: IFX.toString() });

    expect(await chain.rpc("evm_revert", [snapshot])).toBe(true);
    await publicClient.waitForTransactionReceipt({ hash: await token.write.transfer([kept, 2n * IFX]) });
    for (let i = 0; i < 3; i++) await chain.rpc("evm_mine"); // a longer branch than the dropped one
    await indexer!.caughtUp(await publicClient.getBlockNumber(), 30_000);
    expect(await holder(dropped)).toBeNull();
    expect(await holder(kept)).toEqual({ balance: (2n * IFX).toString() });
    const { tokenHolder } = await indexer!.graphql<{ tokenHolder: { balance: string } }>("query($id: String!) { tokenHolder(id: $id) { balance } }", { id: wallet.account.address.toLowerCase() });
    expect(BigInt(tokenHolder.balance)).toBe(await token.read.balanceOf([wallet.account.address]));
  });
});
