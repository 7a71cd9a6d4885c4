import { createServer } from "node:net";
import { formatEther, formatUnits, parseEventLogs } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EpochSummary, NetworkTotals, NodeEarnings } from "../../../indexer/lib/apiTypes.js";
import { epochRewardsAbi } from "../../../keepers/chain/abis.generated.js";
import { moneyFlow } from "../../../scripts/demo/moneyFlow.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { startIndexer, type IndexerProcess } from "../../../scripts/lib/startIndexer.js";
import { runCli, serveLocalChain, type LocalChain } from "../helpers/serveLocalChain.js";

const [OWNER, ARTIST] = [15, 16];

/** A loopback port nobody listens on: the indexer URL that cannot be reached. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `ifx earnings|epoch|network` against a real indexer (`ponder start` over a local chain where the money flow of one
 * job ran: settled, fee released and burned, its epoch closed, rewards claimed): the JSON is the endpoint's answer and
 * agrees with the chain (EpochRewards, IFXToken), the text carries the same figures, and the failures exit as the
 * README says.
 */
describe("ifx earnings, epoch and network read the indexer", () => {
  let chain: LocalChain;
  let indexer: IndexerProcess;
  let net: LocalNetwork | undefined;
  let env: Record<string, string>;
  let closedEpoch: bigint;
  const claimedByNode = new Map<bigint, bigint>();
  const ifx = (...argv: string[]) => runCli(argv, env);

  beforeAll(async () => {
    chain = await serveLocalChain();
    const { connection, deployment: d } = chain;
    await moneyFlow(connection, d, OWNER, ARTIST, (started) => (net = started));
    const publicClient = await connection.viem.getPublicClient();
    const logs = await publicClient.getLogs({ address: d.contracts.EpochRewards, fromBlock: d.startBlock });
    const closed = parseEventLogs({ abi: epochRewardsAbi, logs, eventName: "EpochClosed" });
    expect(closed).toHaveLength(1);
    closedEpoch = closed[0]!.args.epoch;
    for (const log of parseEventLogs({ abi: epochRewardsAbi, logs, eventName: "RewardsClaimed" })) {
      claimedByNode.set(log.args.licenseId, (claimedByNode.get(log.args.licenseId) ?? 0n) + log.args.amount);
    }
    indexer = await startIndexer({ rpcUrl: chain.url, deploymentFile: chain.deploymentFile, schema: `cli_${process.pid}` });
    await indexer.caughtUp(await publicClient.getBlockNumber(), 90_000);
    env = { IFX_INDEXER_URL: indexer.url };
  }, 180_000);

  afterAll(async () => {
    await indexer?.dispose(); // and its PGlite directory
    await chain?.close();
  });

  it("earnings: the endpoint's JSON; a worker's IFX earned in the closed epoch is what EpochRewards paid it", async () => {
    const worker = net!.workerIds[0]!;
    const claimed = claimedByNode.get(worker)!;
    expect(claimed).toBeGreaterThan(0n);
    const run = await ifx("earnings", worker.toString(), "--json");
    expect(run.code, run.err).toBe(0);
    const earnings = JSON.parse(run.out) as NodeEarnings;
    expect(earnings).toEqual((await indexer.get<NodeEarnings>(`/nodes/${worker}/earnings`)).body);
    const closed = earnings.epochs.filter((e) => e.closed);
    expect(closed.map((e) => [e.epoch, e.earnedIfx])).toEqual([[closedEpoch.toString(), claimed.toString()]]);
    expect([earnings.role, earnings.earnedIfx, earnings.claimedIfx]).toEqual([0, claimed.toString(), claimed.toString()]);

    const text = await ifx("earnings", worker.toString());
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`#${worker} worker node: earned ${formatEther(claimed)} IFX over closed epochs, claimed ${formatEther(claimed)} IFX`);
    expect(text.out).toContain(`epoch ${closedEpoch}: ${formatEther(BigInt(closed[0]!.workWad))} IBM of work as worker, earned ${formatEther(claimed)} IFX`);
  });

  it("epoch: the endpoint's JSON; W, T minted and IBME are EpochRewards' epochTotals", async () => {
    const rewards = await chain.connection.viem.getContractAt("EpochRewards", chain.deployment.contracts.EpochRewards);
    const totals = await rewards.read.epochTotals([closedEpoch]);
    expect(totals.mintedIfx).toBeGreaterThan(0n);
    // The flag names the indexer here (the environment's is not read).
    const run = await runCli(["epoch", closedEpoch.toString(), "--json", "--indexer", indexer.url], {});
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(run.out) as EpochSummary;
    expect(summary).toEqual((await indexer.get<EpochSummary>(`/epochs/${closedEpoch}`)).body);
    expect(summary).toMatchObject({ closed: true, mintedIfx: totals.mintedIfx.toString(), paidIbmWad: totals.paidWorkWad.toString(), ibmeBps: totals.ibmeBps.toString() });

    const text = await ifx("epoch", closedEpoch.toString());
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`epoch ${closedEpoch} closed`);
    expect(text.out).toContain(`W (paid work) ${formatEther(totals.paidWorkWad)} IBM`);
    expect(text.out).toContain(`IBME ${formatUnits(BigInt(totals.ibmeBps), 2)}%`);
    expect(text.out).toContain(`T minted ${formatEther(totals.mintedIfx)} IFX`);
    expect(text.out).toContain(`workers ${formatEther(BigInt(summary.pools!.workersIfx))} IFX`);
  });

  it("network: the endpoint's JSON; the IFX supply is IFXToken.totalSupply", async () => {
    const token = await chain.connection.viem.getContractAt("IFXToken", chain.deployment.contracts.IFXToken);
    const supply = await token.read.totalSupply();
    const run = await ifx("network", "--json");
    expect(run.code, run.err).toBe(0);
    const totals = JSON.parse(run.out) as NetworkTotals;
    expect(totals).toEqual((await indexer.get<NetworkTotals>("/totals")).body);
    expect(totals).toMatchObject({ ifxSupply: supply.toString(), epochsClosed: 1, claimedIfx: [...claimedByNode.values()].reduce((a, b) => a + b, 0n).toString() });

    const text = await ifx("network");
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`IFX supply ${formatEther(supply)} IFX`);
    expect(text.out).toContain(`epochs closed: 1, minted ${formatEther(BigInt(totals.mintedByEpochsIfx))} IFX`);
  });

  it("no indexer is bad input (exit 2); an unknown epoch or node and an unreachable indexer are negative answers (exit 1)", async () => {
    const missing = await runCli(["network"], {});
    expect(missing).toMatchObject({ code: 2, out: "" });
    expect(missing.err).toBe("ifx: no indexer: pass --indexer <url> or set IFX_INDEXER_URL\n");

    const epoch = await ifx("epoch", "999999");
    expect(epoch).toMatchObject({ code: 1, out: "" });
    expect(epoch.err).toBe(`ifx: the indexer at ${indexer.url} has no epoch 999999\n`);
    const node = await ifx("earnings", "999999", "--json");
    expect(node).toMatchObject({ code: 1, out: "" });
    expect(node.err).toContain("has no node 999999");

    const url = `http://127.0.0.1:${await closedPort()}`;
    const unreachable = await runCli(["earnings", net!.workerIds[0]!.toString(), "--indexer", url], env);
    expect(unreachable).toMatchObject({ code: 1, out: "" });
    expect(unreachable.err).toBe(`ifx: the indexer at ${url} is unreachable: ECONNREFUSED\n`);
  });
});
