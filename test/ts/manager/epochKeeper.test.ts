import { pino } from "pino";
import { getAddress, keccak256, toHex, type Account, type Chain, type Hex, type PublicClient, type Transport, type WalletClient } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { buyAndBurnAbi, epochRewardsAbi, uniswapV2TwapOracleAbi } from "../../../keepers/chain/abis.generated.js";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import { paramKey } from "../../../keepers/chain/paramKeys.js";
import { protocolContracts, type ProtocolContracts } from "../../../keepers/chain/protocolContracts.js";
import { BurnPriceUnavailableError } from "../../../keepers/manager/epochs/sizeBurnBatch.js";
import { runEpochKeeperRound, type EpochKeeperDeps, type EpochKeeperState } from "../../../keepers/manager/epochs/runEpochKeeperRound.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { ageOracles } from "../../../scripts/nodes/ageOracles.js";
import { startLocalNetwork } from "../helpers/startLocalNetwork.js";

const WAD = 10n ** 18n;
const DAY = 86_400;
const logger = pino({ level: "silent" });
const NOTHING = { oraclesUpdated: [], closed: [], closedByOthers: [], distributed: null, burned: null };

/** Two managers' epoch keepers, each with its own sender, racing on one chain. */
describe("epoch keeper: closes ended epochs and runs due burns, once, however many keepers run", () => {
  let connection: Awaited<ReturnType<typeof startLocalNetwork>>["connection"];
  let d: Deployment;
  let net: LocalNetwork;
  let publicClient: PublicClient<Transport, Chain>;
  let contracts: ProtocolContracts;
  const keepers: { deps: EpochKeeperDeps; state: EpochKeeperState }[] = [];
  let jobId: Hex;
  let epoch: bigint;

  const both = () => Promise.all(keepers.map((k) => runEpochKeeperRound(k.deps, k.state)));
  const nonces = () => Promise.all(keepers.map((k) => publicClient.getTransactionCount({ address: k.deps.clients.wallet.account.address })));
  const epochsClosed = () => publicClient.getContractEvents({ address: d.contracts.EpochRewards, abi: epochRewardsAbi, eventName: "EpochClosed", fromBlock: 0n });
  const observed = (oracle: Hex) => publicClient.getContractEvents({ address: oracle, abi: uniswapV2TwapOracleAbi, eventName: "Observed", fromBlock: 0n });
  const burns = () => publicClient.getContractEvents({ address: d.contracts.BuyAndBurn, abi: buyAndBurnAbi, eventName: "Burned", fromBlock: 0n });

  beforeAll(async () => {
    let wallets;
    ({ connection, d, net, wallets } = await startLocalNetwork(3, [24_000n]));
    publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
    contracts = protocolContracts(d, { public: publicClient });
    for (const wallet of [wallets[15], wallets[16]]) {
      const clients = { publicClient, wallet: wallet as unknown as WalletClient<Transport, Chain, Account>, receiptTimeoutMs: 30_000 };
      keepers.push({ deps: { contracts, clients, logger }, state: { scanFrom: 0n } });
    }
    const job = await net.openJob(100n * WAD, 1);
    jobId = job.jobId;
    const [worker] = net.workerIds as [bigint];
    await net.settle(jobId, 0n, job.committee, [{ taskIndex: 0, workerId: worker, resultCid: keccak256(toHex("frames")), accepted: true, workWad: 100n * WAD }]);
    epoch = (await contracts.rewards.read.accountOf([worker])).epoch;
  });

  it("does nothing while the epoch runs and nothing is there to burn", async () => {
    const before = await nonces();
    const rounds = await both();
    for (const round of rounds) expect(round).toEqual(NOTHING);
    expect(await nonces()).toEqual(before); // not a transaction sent
    expect(await contracts.clock.read.currentEpoch()).toBe(epoch);
  });

  it("keeps the TWAP oracles observed: one observation a slot, however many keepers", async () => {
    const oracles = [d.contracts.IfxUsdOracle, d.contracts.EthUsdOracle];
    const before = await Promise.all(oracles.map(async (o) => (await observed(o)).length));
    await connection.networkHelpers.time.increase(await contracts.params.read.get([paramKey("twapWindowSeconds")]));
    const rounds = await both();
    expect(new Set(rounds.flatMap((r) => r.oraclesUpdated))).toEqual(new Set(oracles));
    for (const round of rounds) expect(round.closed).toEqual([]);
    expect(await Promise.all(oracles.map(async (o) => (await observed(o)).length))).toEqual(before.map((n) => n + 1));
    const nonce = await nonces();
    for (const round of await both()) expect(round).toEqual(NOTHING); // the slot is taken until it has passed
    expect(await nonces()).toEqual(nonce);
  });

  it("burns the released fees' stablecoin once when the interval is due; the other keeper has nothing to do", async () => {
    await connection.networkHelpers.time.increase(2 * DAY + 1); // past the dispute window
    const artist = { client: { wallet: await connection.viem.getWalletClient(getAddress(net.artist)) } };
    const market = await connection.viem.getContractAt("JobMarket", d.contracts.JobMarket, artist);
    await net.mined(market.write.releaseFees([[jobId]]));
    await ageOracles(connection, d); // the TWAP follows the pool (and the daily burn interval has passed)
    expect(await contracts.clock.read.currentEpoch()).toBe(epoch); // still running: only the burn is due
    const toBurn = 4_000_000n; // 80% of the $5 fee, in 6-decimal units, once a keeper has distributed it
    const supply = await contracts.token.read.totalSupply();

    // One keeper distributes the released fee (the other finds nothing pending) and burns the burn share in the same round.
    const rounds = await both();
    expect(rounds.map((r) => r.distributed).filter((x) => x !== null)).toEqual([{ burnStable: toBurn, foundationStable: 1_000_000n }]);
    expect(await contracts.credits.read.pendingSpentStable()).toBe(0n);
    const batches = rounds.map((r) => r.burned).filter((b) => b !== null);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.stableIn).toBe(toBurn);
    expect(batches[0]!.ifxBurned > 0n).toBe(true);
    for (const round of rounds) expect(round.closed).toEqual([]);
    expect(await burns()).toHaveLength(1);
    expect(await contracts.burn.read.totalBurned()).toBe(batches[0]!.ifxBurned);
    expect(supply - (await contracts.token.read.totalSupply())).toBe(batches[0]!.ifxBurned);
    expect(await contracts.stablecoin.read.balanceOf([d.contracts.BuyAndBurn])).toBe(0n);

    expect(await runEpochKeeperRound(keepers[1]!.deps, keepers[1]!.state)).toEqual(NOTHING);
  });

  it("closes the ended epoch exactly once, with both keepers racing for it", async () => {
    while ((await contracts.clock.read.currentEpoch()) <= epoch) await connection.networkHelpers.time.increase(DAY);
    expect((await contracts.rewards.read.epochTotals([epoch])).closed).toBe(false);

    const rounds = await both();
    expect(rounds.flatMap((r) => r.closed)).toEqual([epoch]);
    for (const round of rounds) {
      expect(round.burned).toBeNull();
      expect([...round.closed, ...round.closedByOthers]).toEqual(round.closed.length ? [epoch] : round.closedByOthers);
    }
    const closed = await epochsClosed();
    expect(closed).toHaveLength(1);
    const t = await contracts.rewards.read.epochTotals([epoch]);
    expect(t.closed).toBe(true);
    expect(t.paidWorkWad).toBe(100n * WAD);
    expect(t.mintedIfx > 0n).toBe(true);

    // Later rounds find nothing: the closed epoch and the empty ones after it are read past, never written.
    for (let i = 0; i < 3; i++) await connection.networkHelpers.time.increase(3 * DAY);
    for (const round of await both()) expect({ ...round, oraclesUpdated: [] }).toEqual(NOTHING); // observations only
    const before = await nonces();
    for (const round of await both()) expect(round).toEqual(NOTHING);
    expect(await nonces()).toEqual(before);
    const running = await contracts.clock.read.currentEpoch();
    for (const k of keepers) expect(k.state.scanFrom).toBe(running);
    expect(await epochsClosed()).toHaveLength(1);
  });

  it("reads at most its cap of epochs per round, moving on from there the next round", async () => {
    const fresh: EpochKeeperState = { scanFrom: 0n };
    const deps = { ...keepers[0]!.deps, options: { maxEpochsScanned: 2 } };
    expect(await runEpochKeeperRound(deps, fresh)).toEqual(NOTHING);
    expect(fresh.scanFrom).toBe(2n);
    await runEpochKeeperRound(deps, fresh);
    expect(fresh.scanFrom).toBe(4n);
  });

  it("throws when a due burn cannot run (a stale TWAP), after doing the round's other duties", async () => {
    const owner = { client: { wallet: await connection.viem.getWalletClient(getAddress(net.owner)) } };
    const usd = await connection.viem.getContractAt("DevStablecoin", d.external.stablecoin, owner);
    await net.mined(usd.write.faucet([d.contracts.BuyAndBurn, 1_000_000_000_000n])); // $1M: far above the minimum batch
    await connection.networkHelpers.time.increase(3 * DAY); // nobody observed the pool meanwhile: the TWAP fails closed
    const before = (await observed(d.contracts.IfxUsdOracle)).length;
    const k = keepers[0]!;
    const failed = await runEpochKeeperRound(k.deps, k.state).then(() => undefined, (error: unknown) => error);
    expect(failed).toBeInstanceOf(BurnPriceUnavailableError);
    expect((failed as BurnPriceUnavailableError).revert?.errorName).toBe("OracleStale");
    expect((await observed(d.contracts.IfxUsdOracle)).length).toBe(before + 1); // the observation went through
    expect(k.state.scanFrom).toBe(await contracts.clock.read.currentEpoch()); // and the epochs were read
  });

  it("sizes a large balance's batches to the pool and to the USD cap", async () => {
    await ageOracles(connection, d);
    const pairStable = await contracts.stablecoin.read.balanceOf([d.external.ifxStablePair]);
    const slippageBps = await contracts.params.read.get([paramKey("burnMaxSlippageBps")]);

    const k = keepers[0]!;
    const capped = await runEpochKeeperRound({ ...k.deps, options: { maxBatchUsdWad: 10n * WAD } }, k.state);
    expect(capped.burned?.stableIn).toBe(10_000_000n); // $10: the cap, well inside the pool

    const sized = await runEpochKeeperRound(k.deps, k.state);
    const stableIn = sized.burned!.stableIn;
    // Default cap $50,000; the pool takes less within half the slippage bound: about reserve x bound / 2, halved to fit.
    expect(stableIn > 0n && stableIn < 50_000_000_000n).toBe(true);
    expect(stableIn * 10_000n * 2n <= pairStable * slippageBps).toBe(true);
    const left = await contracts.stablecoin.read.balanceOf([d.contracts.BuyAndBurn]);
    expect(left).toBe(1_000_000_000_000n - 10_000_000n - stableIn); // the rest waits for later rounds
  });
});
