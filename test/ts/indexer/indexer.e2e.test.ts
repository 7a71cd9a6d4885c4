import pg from "pg";
import { encodeAbiParameters, encodePacked, keccak256, parseAbiItem, parseUnits, type Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paramKey } from "../../../keepers/chain/paramKeys.js";
import type { EpochSummary, NetworkTotals, NodeEarnings } from "../../../indexer/lib/apiTypes.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import type { IndexerProcess } from "../../../scripts/lib/startIndexer.js";
import type { LocalChain } from "../helpers/serveLocalChain.js";
import type { OpenDispute } from "../helpers/nodeLifecycle.js";
import { checkEcosystemFund, checkTgeAndAirdrop, checkTimelockSettingsAndEscrow } from "./foundationChecks.js";
import { OWNER, runIndexerScenario, type IndexerScenario } from "./indexerScenario.js";
import { checkBuyback, checkEpochs } from "./rewardChecks.js";

const IFX = 10n ** 18n;
const WAD = 10n ** 18n;
/** `IJobMarket.Status`. */
const [CREATED, RUNNING, COMPLETED] = [1, 2, 3];

/** The fee of some work at a price, rounded up, as `JobMarket._feeAt` charges it. */
const feeAt = (workWad: bigint, pricePerIbmWad: bigint) => (workWad * pricePerIbmWad + WAD - 1n) / WAD;

/** A job row as the GraphQL API gives it (bigints as decimal strings). */
interface IndexedJob {
  id: `0x${string}`; artist: string; managerId: string; sceneCid: string; frameStart: number; frameEnd: number; taskCount: number; workWad: string;
  pricePerIbmWad: string; escrow: string; ibFloorWad: string; keysCommitment: string; expiry: string; deadline: string; seedBlock: string; status: number;
  settlements: number; paidWorkWad: string; feesSettled: string; feesReleased: string; refunded: string; openDisputes: number; createdBlock: string;
}

/**
 * The indexer against the real contracts: a local chain served over HTTP, the protocol deployed, the money flow of a
 * job (licenses, stakes, escrow, settlement, fee release, buy-and-burn, epoch close, claims), a license sold back in
 * the buy-back window and a DAO proposal; then `ponder start` indexes it and every answer is compared with a read of
 * the chain (a view, or where the chain keeps no view, its logs or what the contract derives, as it derives it).
 */
describe("indexer (Ponder) end to end", () => {
  let chain: LocalChain;
  let indexer: IndexerProcess;
  let claimedByNode: Map<bigint, bigint>;
  let owner: Address;
  let artist: Address;
  let net: LocalNetwork;
  let disputed: OpenDispute;
  let blacklisted: bigint;
  let soldBack: bigint;
  let onServer: IndexerProcess | undefined;
  let databaseUrl: string | undefined;
  let scenario: IndexerScenario | undefined;

  beforeAll(async () => {
    scenario = await runIndexerScenario();
    ({ chain, indexer, onServer, databaseUrl, claimedByNode, owner, artist, net, disputed, blacklisted, soldBack } = scenario);
  }, 240_000);

  afterAll(async () => scenario?.close());

  it("licenses: what each purchase recorded (kind, tier, prices, payment), its holder and its buy-back equal the chain's", async () => {
    const { viem } = chain.connection;
    const c = chain.deployment.contracts;
    const license = await viem.getContractAt("NodeLicense", c.NodeLicense);
    const buyback = await viem.getContractAt("GuaranteedBuyback", c.GuaranteedBuyback);
    const { licenses } = await indexer!.graphql<{
      licenses: {
        totalCount: number;
        items: { id: string; kind: number; tier: string; usdPriceWad: string; amountPaid: string; payToken: string; whitelisted: boolean; purchasedAt: string; holder: string; boughtBack: boolean }[];
      };
    }>("{ licenses(limit: 100) { totalCount items { id kind tier usdPriceWad amountPaid payToken whitelisted purchasedAt holder boughtBack } } }");
    expect(licenses.totalCount).toBe(Number(await license.read.totalSupply()));
    expect(licenses.totalCount).toBeGreaterThanOrEqual(6);
    for (const item of licenses.items) {
      const id = BigInt(item.id);
      // `licenseOf` is what the license recorded at purchase (all the buy-back reads).
      const onChain = await license.read.licenseOf([id]);
      expect([item.kind, BigInt(item.tier), BigInt(item.usdPriceWad), BigInt(item.amountPaid)], item.id).toEqual([onChain.kind, BigInt(onChain.tier), onChain.usdPriceWad, onChain.amountPaid]);
      expect([item.payToken.toLowerCase(), item.whitelisted, BigInt(item.purchasedAt)], item.id).toEqual([onChain.payToken.toLowerCase(), onChain.whitelisted, onChain.purchasedAt]);
      expect(BigInt(item.amountPaid)).toBeGreaterThan(0n);
      expect(item.holder.toLowerCase()).toBe((await license.read.ownerOf([id])).toLowerCase());
      expect(item.boughtBack).toBe(await buyback.read.boughtBack([id]));
    }
    // The license sold back went to the treasury (the timelock).
    expect(licenses.items.filter((l) => l.boughtBack).map((l) => [BigInt(l.id), l.holder.toLowerCase()])).toEqual([[soldBack, c.IFXTimelock.toLowerCase()]]);
  });

  it("nodes: role, owner, operator, keys, price, stake, IB and participation equal the chain's", async () => {
    const { viem } = chain.connection;
    const c = chain.deployment.contracts;
    const staking = await viem.getContractAt("NodeStaking", c.NodeStaking);
    const registry = await viem.getContractAt("NodeRegistry", c.NodeRegistry);
    const { nodes } = await indexer!.graphql<{
      nodes: {
        items: {
          id: string; role: number; owner: string; operator: string; encryptionKey: `0x${string}`; pricePerIbmWad: string; metadataUri: string; stake: string; unbonding: string;
          ibWad: string; active: boolean; blacklisted: boolean; retired: boolean; activeEpochs: string; lastParticipatedEpoch: string | null; registeredEpoch: string;
        }[];
      };
    }>(`{ nodes(limit: 100) { items {
      id role owner operator encryptionKey pricePerIbmWad metadataUri stake unbonding ibWad active blacklisted retired activeEpochs lastParticipatedEpoch registeredEpoch
    } } }`);
    expect(nodes.items.length).toBe(7); // a manager, four verifiers, two workers
    expect(nodes.items.filter((n) => n.role === 0)).toHaveLength(2);
    for (const n of nodes.items) {
      const id = BigInt(n.id);
      expect(BigInt(n.stake)).toBe(await staking.read.stakeOf([id]));
      const status = await registry.read.status([id]);
      expect(n.operator.toLowerCase()).toBe(status.operator.toLowerCase());
      expect(n.active).toBe(status.active);
      expect(BigInt(n.ibWad)).toBe(status.ibWad);
      expect(BigInt(n.pricePerIbmWad)).toBe(status.pricePerIbmWad);
      expect(n.role).toBe(status.kind);
      expect([n.blacklisted, n.retired]).toEqual([status.blacklisted, status.retired]);
      // The node belongs to whoever holds its license: the treasury, once the license is sold back.
      expect(n.owner.toLowerCase(), n.id).toBe((await registry.read.ownerOf([id])).toLowerCase());
      const record = await registry.read.node([id]);
      expect([n.encryptionKey.toLowerCase(), n.metadataUri, BigInt(n.registeredEpoch)]).toEqual([record.encryptionKey.toLowerCase(), record.metadataURI, record.registeredEpoch]);
      expect([BigInt(n.activeEpochs), BigInt(n.lastParticipatedEpoch ?? 0)]).toEqual([BigInt(record.activeEpochs), record.lastActiveEpoch]);
      expect(BigInt(n.activeEpochs)).toBe((await registry.read.participation([id]))[0]);
      expect(BigInt(n.unbonding)).toBe((await staking.read.unbondingOf([id, owner])).amount); // the owner is every node's only beneficiary
    }
    // The verifier sold back worked every epoch until the window: its node retired with over 60 active epochs.
    const sold = nodes.items.find((n) => BigInt(n.id) === soldBack)!;
    expect([sold.retired, sold.active, BigInt(sold.activeEpochs) > 40n]).toEqual([true, false, true]);
  });

  it("jobs: each job's quote, status, escrow and fees equal the market's record of it", async () => {
    const { viem } = chain.connection;
    const publicClient = await viem.getPublicClient();
    const market = await viem.getContractAt("JobMarket", chain.deployment.contracts.JobMarket);
    const { jobs } = await indexer!.graphql<{ jobs: { items: IndexedJob[] } }>(
      `{ jobs(orderBy: "createdBlock") { items {
        id artist managerId sceneCid frameStart frameEnd taskCount workWad pricePerIbmWad escrow ibFloorWad keysCommitment expiry deadline seedBlock
        status settlements paidWorkWad feesSettled feesReleased refunded openDisputes createdBlock
      } } }`,
    );
    expect(jobs.items).toHaveLength(2); // the money flow's, then the disputed one
    expect(jobs.items[1]!.id).toBe(disputed.jobId);
    const c = chain.deployment.contracts;
    const from = { address: market.address, abi: market.abi, fromBlock: chain.deployment.startBlock, strict: true } as const;
    const created = await publicClient.getContractEvents({ ...from, eventName: "JobCreated" });
    const reseeded = await publicClient.getContractEvents({ ...from, eventName: "CommitteeReseeded" });
    const released = await publicClient.getContractEvents({ ...from, eventName: "FeesReleased" });
    const closed = await publicClient.getContractEvents({ ...from, eventName: "JobClosed" });
    const disputesContract = await viem.getContractAt("JobDisputes", c.JobDisputes);
    const disputeEvents = { address: c.JobDisputes, abi: disputesContract.abi, fromBlock: chain.deployment.startBlock } as const;
    const opened = await publicClient.getContractEvents({ ...disputeEvents, eventName: "DisputeOpened" });
    const ended = await publicClient.getContractEvents({ ...disputeEvents, eventName: "DisputeResolved" });
    /** Open disputes of a job as the disputes contract logged them. */
    const openOf = (id: string) => opened.filter((l) => l.args.jobId === id).length - ended.filter((l) => l.args.jobId === id).length;
    for (const j of jobs.items) {
      const onChain = await market.read.job([j.id]);
      // What the market stores of the job.
      expect([j.artist.toLowerCase(), BigInt(j.managerId), BigInt(j.workWad), BigInt(j.pricePerIbmWad), BigInt(j.deadline)], j.id).toEqual([
        onChain.artist.toLowerCase(), BigInt(onChain.managerId), onChain.workWad, onChain.pricePerIbmWad, BigInt(onChain.deadline),
      ]);
      expect([j.status, j.settlements, BigInt(j.paidWorkWad), j.openDisputes], j.id).toEqual([onChain.status, onChain.settlements, onChain.paidWorkWad, openOf(j.id)]);
      // The rest of the signed quote is only in its creation event.
      const creation = created.find((l) => l.args.jobId === j.id)!;
      const q = creation.args.quote;
      expect([j.sceneCid, j.frameStart, j.frameEnd, j.taskCount, BigInt(j.ibFloorWad), j.keysCommitment, BigInt(j.expiry), BigInt(j.escrow)], j.id).toEqual([
        q.sceneCid, q.frameStart, q.frameEnd, q.taskCount, q.ibFloorWad, q.keysCommitment, q.expiry, q.fee,
      ]);
      const reseeds = reseeded.filter((l) => l.args.jobId === j.id);
      expect(BigInt(j.seedBlock)).toBe(reseeds.at(-1)?.args.seedBlock ?? creation.args.seedBlock);
      expect(BigInt(j.createdBlock)).toBe(creation.blockNumber);
      // The market does not store the escrow: it derives it. The quote's fee is ceil(work x price), and the fees are
      // charged on the cumulative paid work, so an open job holds ceil(W x P) - ceil(paid x P); a completed one none.
      const fee = (work: bigint) => feeAt(work, onChain.pricePerIbmWad);
      expect(BigInt(j.escrow)).toBe(fee(onChain.workWad));
      const open = onChain.status === CREATED || onChain.status === RUNNING;
      expect(onChain.escrow).toBe(open ? BigInt(j.escrow) - fee(BigInt(j.paidWorkWad)) : 0n);
      expect(BigInt(j.feesSettled)).toBe(fee(onChain.paidWorkWad));
      // Settled fees are pending until released, less what upheld disputes refunded (a closed job's refund is escrow).
      const closedRefunds = closed.filter((l) => l.args.jobId === j.id).reduce((a, l) => a + l.args.refunded, 0n);
      expect(BigInt(j.feesReleased)).toBe(released.filter((l) => l.args.jobId === j.id).reduce((a, l) => a + l.args.fee, 0n));
      expect(onChain.pendingFee).toBe(BigInt(j.feesSettled) - BigInt(j.feesReleased) - (BigInt(j.refunded) - closedRefunds));
    }
    // Both jobs' work is all paid; the money flow's fee is spent, the disputed job's still held, less the refund (not
    // released: the dispute blocked it until the DAO resolved it, and nobody released it since).
    expect(jobs.items.map((j) => [j.status, BigInt(j.feesReleased) > 0n])).toEqual([[COMPLETED, true], [COMPLETED, false]]);
  });

  it("settlements: each settlement's work, fee and signers equal its JobSettled log", async () => {
    const { viem } = chain.connection;
    const market = await viem.getContractAt("JobMarket", chain.deployment.contracts.JobMarket);
    const { settlements } = await indexer!.graphql<{
      settlements: { items: { jobId: `0x${string}`; index: number; outcomesRoot: string; workersHash: string; paidWorkWad: string; fee: string; signedSeats: string; completed: boolean; workersKnown: boolean; workers: { licenseId: string; workWad: string }[]; signers: string[] }[] };
    }>(`{ settlements(orderBy: "block") { items { jobId index outcomesRoot workersHash paidWorkWad fee signedSeats completed workersKnown workers signers } } }`);
    const logs = await (await viem.getPublicClient()).getContractEvents({ address: market.address, abi: market.abi, eventName: "JobSettled", fromBlock: chain.deployment.startBlock, strict: true });
    expect(settlements.items.map((s) => [s.jobId, BigInt(s.index)])).toEqual(logs.map((l) => [l.args.jobId, l.args.settlementIndex]));
    for (const [i, s] of settlements.items.entries()) {
      const a = logs[i]!.args;
      expect([s.outcomesRoot, s.workersHash, BigInt(s.paidWorkWad), BigInt(s.fee), BigInt(s.signedSeats), s.completed]).toEqual([
        a.outcomesRoot, a.workersHash, a.paidWorkWad, a.fee, a.signedSeats, a.completed,
      ]);
      // The workers read from the `settle` input are the entries the committee signed (their packed words' hash), and
      // one signer per seat bit.
      expect(s.workersKnown).toBe(true);
      const words = s.workers.map((w) => (BigInt(w.licenseId) << 128n) | BigInt(w.workWad));
      expect(keccak256(encodePacked(words.map(() => "uint256"), words))).toBe(a.workersHash);
      expect(s.workers.reduce((sum, w) => sum + BigInt(w.workWad), 0n)).toBe(a.paidWorkWad);
      expect(s.signers).toHaveLength(a.signedSeats.toString(2).replaceAll("0", "").length);
    }
  });

  it("each job's committee and settled roots, as indexed, hash to the job's trail on chain", async () => {
    const { viem } = chain.connection;
    const market = await viem.getContractAt("JobMarket", chain.deployment.contracts.JobMarket);
    const { jobs, settlements } = await indexer!.graphql<{
      jobs: { items: { id: `0x${string}`; committee: { verifierId: string; operator: Address }[]; committeeHash: `0x${string}` }[] };
      settlements: { items: { jobId: string; index: number; outcomesRoot: `0x${string}` }[] };
    }>(`{ jobs { items { id committee committeeHash } } settlements(orderBy: "index") { items { jobId index outcomesRoot } } }`);
    expect(jobs.items).toHaveLength(2);
    for (const j of jobs.items) {
      // The trail starts at the committee's hash (the market hashes the seats it drew) and chains every root:
      // keccak256(abi.encode(trail, root_i)), as `JobMarket._trail`. So one word on chain seals all the indexed roots.
      const seats = j.committee.map((s) => ({ verifierId: BigInt(s.verifierId), operator: s.operator }));
      expect(await market.read.committeeHashOf([seats])).toBe(j.committeeHash);
      const roots = settlements.items.filter((s) => s.jobId === j.id).map((s) => s.outcomesRoot);
      expect(roots.length).toBeGreaterThan(0);
      const trail = roots.reduce((t, root) => keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }], [t, root])), j.committeeHash);
      const onChain = await market.read.job([j.id]);
      expect([trail, roots.length]).toEqual([onChain.trail, onChain.settlements]);
    }
  });

  it("the closed epoch (W, T, IBME, penalties) and each node's earnings equal the chain's, and sum to what it claimed", async () => {
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

  it("every epoch's W, fees and burn, and each closed epoch's role pools and DAO share, equal the chain's", () => checkEpochs(scenario!));

  it("the buy-back: the license sold back for IFX and its vesting's claims equal the chain's", () => checkBuyback(scenario!));

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
    expect(totals.body).toMatchObject({ licenses: 8, nodes: 7, jobs: 2, settlements: 2, epochsClosed: 1, proposals: 1, parameterChanges: 1 });
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

  it("the TGE's tranches, their vesting wallets' releases and the airdrop's claim and sweep equal the chain's", () => checkTgeAndAirdrop(scenario!));

  it("the ecosystem fund's releases (the epoch's rewards, the DAO's grant) equal the chain's", () => checkEcosystemFund(scenario!));

  it("the timelock's operation, the DAO's settings and the buy-back escrow equal the chain's", () => checkTimelockSettingsAndEscrow(scenario!));

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
      penaltyPool: { received: string; released: string; pending: string };
      nodeEpochs: { items: { epoch: string; role: number; workWad: string; forfeited: boolean }[] };
    }>(
      `query($jobId: String!, $verifier: BigInt!) {
        disputes { items { jobId settlementIndex taskIndex workerId resolved upheld refunded } }
        job(id: $jobId) { openDisputes refunded }
        slashs { items { nodeId amount stake } }
        stakeChanges(where: { kind_not: "staked" }, orderBy: "id") { items { nodeId kind amount } }
        node(id: $verifier) { blacklisted blacklistedByDao active }
        penaltyPool(id: "pool") { received released pending }
        nodeEpochs(limit: 1000) { items { epoch role workWad forfeited } }
      }`,
      { jobId: disputed.jobId, verifier: blacklisted.toString() },
    );
    // The dispute as the disputes contract logged its resolution (by the DAO's vote), and none left open.
    const disputesContract = await viem.getContractAt("JobDisputes", c.JobDisputes);
    const [resolved] = await publicClient.getContractEvents({ address: c.JobDisputes, abi: disputesContract.abi, eventName: "DisputeResolved", fromBlock: chain.deployment.startBlock });
    expect(resolved!.args.byDao).toBe(true);
    expect(disputes.items).toEqual([{
      jobId: disputed.jobId, settlementIndex: 0, taskIndex: disputed.taskIndex, workerId: disputed.workerId.toString(), resolved: true, upheld: true,
      refunded: resolved!.args.refunded!.toString(),
    }]);
    expect(BigInt(resolved!.args.refunded!)).toBeGreaterThan(0n);
    expect(job.openDisputes).toBe(0);
    expect((await disputesContract.read.dispute([disputed.jobId, 0n, disputed.taskIndex])).state).toBe(2); // resolved
    expect(job.refunded).toBe(resolved!.args.refunded!.toString());
    // The upheld dispute slashed its worker: the slash and the penalty pool as the chain holds them.
    const slashed = await publicClient.getContractEvents({ address: c.NodeStaking, abi: staking.abi, eventName: "Slashed", fromBlock: chain.deployment.startBlock });
    expect(slashs.items.map((s) => [BigInt(s.nodeId), BigInt(s.amount)])).toEqual(slashed.map((l) => [l.args.licenseId!, l.args.amount!]));
    expect(slashs.items.map((s) => BigInt(s.nodeId))).toContain(disputed.workerId);
    expect([BigInt(penaltyPool.received), BigInt(penaltyPool.released), BigInt(penaltyPool.pending)]).toEqual([
      await pool.read.totalSlashed(), await pool.read.totalReleased(), await pool.read.pending(),
    ]);
    expect(BigInt(penaltyPool.received)).toBe(slashed.reduce((a, l) => a + l.args.amount!, 0n));
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
        expect(Number(rows[0]!.n)).toBe(8); // seven nodes' licenses and the one paid in ETH
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
