/**
 * `npm run bench:indexer`: how fast the indexer catches up on a backlog, and how fast it answers.
 *
 * A local chain (Hardhat, served over loopback HTTP) gets the protocol, the money flow of a job (licenses, stakes,
 * settlement, burn, epoch close, claims) and then a backlog of IB benchmark reports (`NodeRegistry.postBenchmarks`,
 * one `IbUpdated` event each, `BATCH` per transaction) until the indexed contracts have emitted at least `EVENTS`
 * events, and 64 empty blocks so that the backlog is final (Ponder treats the last 30 blocks of an unknown chain as
 * unfinalized and indexes them block by block, live). Then `ponder start` (embedded PGlite) indexes it all, twice:
 * cold (Ponder fetches every log, block and transaction over RPC, then indexes) and warm (a second schema on the same
 * PGlite directory: Ponder's RPC cache answers, so this is the indexing itself). Events/s = events indexed (Ponder's
 * `ponder_indexing_completed_events`) over the backfill's duration as Ponder logs it, and over the time from the process
 * start until the chain's head is indexed (start-up and the live sync of the unfinalized blocks included). Last, `GET /nodes/:id/earnings` under a bounded loopback load (1 and
 * `CONCURRENCY` requests in flight, `REQUESTS` each, after a warm-up): latency p50 and p99. Writes docs/indexer.md.
 */
import { rm } from "node:fs/promises";
import { getAddress, type Address } from "viem";
import { sceneKey } from "../../keepers/chain/paramKeys.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { serveLocalChain } from "../../test/ts/helpers/serveLocalChain.js";
import { moneyFlow } from "../demo/moneyFlow.js";
import { renderTable } from "../lib/format.js";
import { startIndexer, type IndexerProcess } from "../lib/startIndexer.js";
import { writeBenchDocument } from "../lib/writeBenchDoc.js";

const EVENTS = Number(process.env.IFX_BENCH_EVENTS ?? 100_000);
const BATCH = 2_000;
const CONCURRENCY = 8;
const REQUESTS = 4_000;
/** Passed on to the indexer when set (blocks per eth_getLogs); unset, Ponder's adaptive range. */
const GETLOGS_RANGE = process.env.IFX_INDEXER_GETLOGS_RANGE;
const indexerEnv: Record<string, string> = GETLOGS_RANGE === undefined ? {} : { IFX_INDEXER_GETLOGS_RANGE: GETLOGS_RANGE };

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The sum of a Prometheus counter over its labels, from Ponder's /metrics. */
async function counter(indexer: IndexerProcess, name: string): Promise<number> {
  const { body } = await indexer.get<string>("/metrics");
  let total = 0;
  for (const line of body.split("\n")) if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) total += Number(line.split(" ").pop());
  return total;
}

/** Sums of a Prometheus metric per value of one label (e.g. `method`), from Ponder's /metrics. */
async function sumsBy(indexer: IndexerProcess, name: string, label: string): Promise<Map<string, number>> {
  const { body } = await indexer.get<string>("/metrics");
  const sums = new Map<string, number>();
  for (const line of body.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const key = new RegExp(`${label}="([^"]*)"`).exec(line)?.[1] ?? "";
    sums.set(key, (sums.get(key) ?? 0) + Number(line.split(" ").pop()));
  }
  return sums;
}

/** The `duration` (ms) of Ponder's "Completed backfill indexing" log line. */
function backfillSeconds(indexer: IndexerProcess): number {
  for (const line of indexer.fullOutput().split("\n")) {
    if (!line.includes("Completed backfill indexing")) continue;
    const { duration } = JSON.parse(line) as { duration?: number };
    if (duration !== undefined) return duration / 1000;
  }
  throw new Error(`no backfill duration in the indexer's log:\n${indexer.output()}`);
}

async function catchUp(label: string, options: Parameters<typeof startIndexer>[0], head: bigint) {
  const started = performance.now();
  const indexer = await startIndexer(options);
  await indexer.caughtUp(head, 1_800_000);
  const seconds = (performance.now() - started) / 1000;
  const backfill = backfillSeconds(indexer);
  const events = await counter(indexer, "ponder_indexing_completed_events");
  const rate = (s: number) => Math.round(events / s).toLocaleString("en-US");
  say(`${label}: ${events.toLocaleString("en-US")} events, backfill ${backfill.toFixed(1)} s = ${rate(backfill)} events/s; start to head indexed ${seconds.toFixed(1)} s = ${rate(seconds)} events/s`);
  return { label, indexer, events, seconds, backfill };
}

/** `REQUESTS` GETs of `paths` (round-robin), `inFlight` at a time; latencies in ms, sorted. */
async function load(baseUrl: string, paths: readonly string[], inFlight: number): Promise<{ sorted: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < REQUESTS) {
      const path = paths[next++ % paths.length]!;
      const t = performance.now();
      const response = await fetch(`${baseUrl}${path}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { sorted: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const chain = await serveLocalChain();
const indexers: IndexerProcess[] = [];
try {
  const { connection, deployment: d } = chain;
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  say("money flow of a job (licenses, stakes, settlement, burn, epoch close, claims)...");
  await moneyFlow(connection, d, 15, 16);
  const registry = await viem.getContractAt("NodeRegistry", d.contracts.NodeRegistry, { client: { wallet: await viem.getWalletClient(d.deployer) } });
  const registered = await publicClient.getContractEvents({ address: registry.address, abi: registry.abi, eventName: "NodeRegistered", fromBlock: d.startBlock });
  const workers = registered.filter((e) => e.args.kind === 0).map((e) => e.args.licenseId!);
  const nodeIds = registered.map((e) => e.args.licenseId!);
  // The contracts indexer/ponder.config.ts lists, and the TGE's vesting wallets it finds from the TGE's events.
  const indexedNames = [
    "NodeLicense", "NodeRegistry", "NodeStaking", "JobMarket", "EpochClock", "EpochRewards", "BuyAndBurn", "PenaltyPool", "GuaranteedBuyback", "IFXToken",
    "IFXGovernor", "ParameterRegistry", "IFXDollar", "IFXTimelock", "TokenGenerationEvent", "MerkleAirdrop", "EcosystemFund",
  ] as const;
  const indexed = new Set<Address>([...indexedNames.map((n) => getAddress(d.contracts[n])), ...Object.values(d.tge.vestingWallets).map((a) => getAddress(a))]);
  const countEvents = async () => (await publicClient.getLogs({ fromBlock: d.startBlock })).filter((log) => indexed.has(getAddress(log.address))).length;
  let events = await countEvents();
  say(`${events} events so far; posting IB benchmarks of ${workers.length} workers in batches of ${BATCH}...`);
  const generating = performance.now();
  const scene = sceneKey("inferix/room");
  while (events < EVENTS) {
    const batch = Array.from({ length: BATCH }, (_, i) => ({ licenseId: workers[i % workers.length]!, sceneId: scene, frameTimeMs: 24_000n }));
    await waitForSuccess(publicClient, registry.write.postBenchmarks([batch]));
    events += BATCH;
  }
  // One evm_mine per block: `hardhat_mine` reserves blocks lazily, and Ponder's live sync saw their hashes as a reorg.
  for (let i = 0; i < 64; i++) await chain.rpc("evm_mine");
  events = await countEvents();
  const head = await publicClient.getBlockNumber();
  say(`backlog: ${events.toLocaleString("en-US")} events of the indexed contracts in ${head - d.startBlock} blocks (generated in ${((performance.now() - generating) / 1000).toFixed(0)} s)`);

  const cold = await catchUp("cold: RPC sync + indexing", { rpcUrl: chain.url, deploymentFile: chain.deploymentFile, schema: "bench_cold", env: indexerEnv }, head);
  indexers.push(cold.indexer);
  // Where the cold run's time went: RPC requests by method, and the sync store's writes (sums over concurrent calls).
  const rpcSeconds = await sumsBy(cold.indexer, "ponder_rpc_request_duration_sum", "method");
  const rpcCounts = await sumsBy(cold.indexer, "ponder_rpc_request_duration_count", "method");
  const dbSeconds = await sumsBy(cold.indexer, "ponder_database_method_duration_sum", "method");
  const coldRows = [
    ...[...rpcSeconds].map(([method, ms]) => [`RPC ${method}`, String(rpcCounts.get(method) ?? 0), (ms / 1000).toFixed(1)]),
    ...[...dbSeconds].filter(([method]) => method.startsWith("insert_")).map(([method, ms]) => [`sync store ${method}`, "", (ms / 1000).toFixed(1)]),
  ].sort((a, b) => Number(b[2]) - Number(a[2]));
  await cold.indexer.stop();
  const warm = await catchUp("warm RPC cache: indexing", { rpcUrl: chain.url, deploymentFile: chain.deploymentFile, schema: "bench_warm", pgliteDir: cold.indexer.pgliteDir, env: indexerEnv }, head);
  indexers.push(warm.indexer);

  const paths = nodeIds.map((id) => `/nodes/${id}/earnings`);
  await load(warm.indexer.url, paths, CONCURRENCY); // warm-up
  const latencies = [];
  for (const inFlight of [1, CONCURRENCY]) {
    const { sorted, seconds } = await load(warm.indexer.url, paths, inFlight);
    const row = { inFlight, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), perSecond: Math.round(REQUESTS / seconds) };
    say(`GET /nodes/:id/earnings, ${inFlight} in flight: p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms, ${row.perSecond} requests/s`);
    latencies.push(row);
  }

  const rate = (events: number, seconds: number) => Math.round(events / seconds).toLocaleString("en-US");
  const catchUpTable = renderTable(
    ["run", "events", "backfill s", "events/s (backfill)", "start to head indexed s", "events/s (start to head indexed)"],
    [cold, warm].map((r) => [r.label, r.events.toLocaleString("en-US"), r.backfill.toFixed(1), rate(r.events, r.backfill), r.seconds.toFixed(1), rate(r.events, r.seconds)]),
    true,
  );
  const coldTable = renderTable(["cold run: where the time went", "calls", "seconds (summed)"], coldRows, true);
  const latencyTable = renderTable(
    ["query", "in flight", "requests", "p50 ms", "p99 ms", "requests/s"],
    latencies.map((l) => ["GET /nodes/:id/earnings", String(l.inFlight), String(REQUESTS), l.p50.toFixed(2), l.p99.toFixed(2), String(l.perSecond)]),
    true,
  );
  await writeBenchDocument({
    file: "docs/indexer.md",
    title: "Indexer: catch-up and query latency",
    command: "npm run bench:indexer",
    facts: [
      ["chain", "Hardhat (EDR) in-process, served over loopback HTTP JSON-RPC"],
      ["backlog", `${events.toLocaleString("en-US")} events of the indexed contracts in ${head - d.startBlock} blocks: a job's money flow, then IbUpdated reports (${BATCH} per transaction)`],
      ["indexer", "ponder@0.16.10 `ponder start`, embedded PGlite; the machine was shared with other work during the run"],
      ["eth_getLogs range", GETLOGS_RANGE === undefined ? "Ponder's adaptive default" : `${GETLOGS_RANGE} blocks (IFX_INDEXER_GETLOGS_RANGE)`],
    ],
    body: [
      "## Catch-up on a backlog\n\n" + catchUpTable + "\n\nGoal: >= 2,000 events/s with PGlite on this machine. Backfill is Ponder's own measure of the catch-up (its \"Completed backfill indexing\" log line); start to head indexed adds the process start (Vite build of the project, PGlite, tables) and Ponder's live sync of the last, unfinalized blocks up to the chain's head (30 on an unknown chain, fetched one by one). Cold includes Ponder fetching every log, block and transaction from the local node over HTTP (Hardhat's JSON-RPC server, one thread, in the benchmark's process); warm reuses Ponder's RPC cache (a second schema on the same PGlite directory).\n\n" + coldTable + "\n\nSums over concurrent calls, so they can exceed the backfill's wall time; from Ponder's /metrics after the cold run.",
      "## Node earnings query\n\n" + latencyTable + "\n\nLoopback HTTP, keep-alive `fetch`, round-robin over every node, after a warm-up of the same size, against the warm indexer (PGlite answers one query at a time: latency under load is mostly queueing).",
    ],
  });
  say("wrote docs/indexer.md");
} finally {
  for (const indexer of indexers) await indexer.stop();
  if (indexers[0] !== undefined) await rm(indexers[0].pgliteDir, { recursive: true, force: true });
  await chain.close();
}
