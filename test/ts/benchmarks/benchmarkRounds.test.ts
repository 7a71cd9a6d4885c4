import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { createWalletClient, custom, type Account, type Chain, type PublicClient, type Transport, type WalletClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NonceWindow } from "../../../keepers/auth/nonceWindow.js";
import { nodeRegistryAbi } from "../../../keepers/chain/abis.generated.js";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import { sceneKey } from "../../../keepers/chain/paramKeys.js";
import { protocolContracts } from "../../../keepers/chain/protocolContracts.js";
import type { WriteClients } from "../../../keepers/chain/sendContractWrite.js";
import { callManager, ManagerCallError, type ManagerEndpoint } from "../../../keepers/daemon/callManager.js";
import { openDatabase, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import { engineForScene } from "../../../keepers/engines/index.js";
import { readNodeView } from "../../../keepers/manager/api/readNodeView.js";
import { benchmarkRound, type BenchmarkRoundDeps } from "../../../keepers/manager/benchmarks/benchmarkRound.js";
import { prepareBenchmarkScenes } from "../../../keepers/manager/benchmarks/benchmarkScenes.js";
import { BENCHMARK_ROLE } from "../../../keepers/manager/benchmarks/postBenchmarks.js";
import { createManagerServer } from "../../../keepers/manager/http/createManagerServer.js";
import { createHeliaStore } from "../../../keepers/storage/heliaStore.js";
import type { ContentStore } from "../../../keepers/storage/contentStore.js";
import { runBenchmarks, type BenchmarkChallenge } from "../../../keepers/worker/benchmarks/runBenchmarks.js";
import { uploadToManager } from "../../../keepers/worker/uploadToManager.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { rejection } from "../helpers/rejection.js";
import { startLocalNetwork } from "../helpers/startLocalNetwork.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";

const WAD = 10n ** 18n;
/** Small settings, so the test's renders take a moment; the daemon's default is the engine benchmark's 320x180x16. */
const SETTINGS = { width: 64, height: 36, samples: 4, bounces: 2 };
const CHALLENGES = `query($input: NodeInput!) { benchmarks(input: $input) { benchmarkId sceneId sceneCid seed width height samples bounces fetchedAt } }`;
const SUBMIT = `mutation($input: BenchmarkResultInput!) { submitBenchmark(input: $input) { outcome } }`;

/**
 * The manager's IB benchmark rounds on real contracts (local chain), the manager's real HTTP server, PGlite and Helia
 * stores, real renders: workers are challenged once an epoch, the manager times and checks their frames itself, and
 * posts the honest time on-chain; forged frames are rejected and never posted.
 */
describe("IB benchmark rounds: issued by the manager, rendered by workers, verified and posted", () => {
  let net: LocalNetwork;
  let d: Deployment;
  let connection: Awaited<ReturnType<typeof startLocalNetwork>>["connection"];
  let open: OpenDatabase;
  let managerStore: ContentStore;
  const workerStores: ContentStore[] = [];
  const dirs: string[] = [];
  let server: ReturnType<typeof createManagerServer>;
  let url: string;
  let clients: WriteClients;
  let round: BenchmarkRoundDeps;
  const logs: { level: number; msg: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
  const endpoint = (nodeId: bigint): ManagerEndpoint => ({ url, chainId: d.chainId, nodeId, operator: net.operators.get(nodeId)! });
  const rows = async () => open.db.selectFrom("benchmarks").selectAll().orderBy("id").execute();
  const ibOf = async (id: bigint) => (await clients.publicClient.readContract({ address: d.contracts.NodeRegistry, abi: nodeRegistryAbi, functionName: "node", args: [id] })).ibWad;
  const heartbeat = async (id: bigint) => callManager(endpoint(id), "heartbeat", `mutation($input: HeartbeatInput!) { heartbeat(input: $input) { eligible } }`, { nodeId: id.toString(), engines: ["pathtracer"], slots: 1 });

  beforeAll(async () => {
    ({ connection, d, net } = await startLocalNetwork(1, [24_000n, 24_000n]));
    open = await openDatabase({});
    dirs.push(await tempDir(), await tempDir(), await tempDir());
    managerStore = await createHeliaStore({ dir: dirs[0]! });
    const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
    const contracts = protocolContracts(d, { public: publicClient });
    server = createManagerServer({ db: open.db, chainId: d.chainId, nodeView: readNodeView(contracts, 0), nonces: new NonceWindow(), verdictThreshold: 2, logger, store: managerStore });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const dir of dirs.slice(1)) workerStores.push(await createHeliaStore({ dir, gateways: [url] }));
    // The manager posts from its own operator key, as the daemon does.
    const wallet = createWalletClient({ account: net.operators.get(net.managerId)!, chain: publicClient.chain, transport: custom(connection.provider) });
    clients = { publicClient, wallet: wallet as unknown as WalletClient<Transport, Chain, Account>, receiptTimeoutMs: 30_000 };
    round = {
      db: open.db, store: managerStore, clients, logger,
      contracts: { registry: d.contracts.NodeRegistry, params: d.contracts.ParameterRegistry, clock: d.contracts.EpochClock },
      config: { heartbeatTimeoutSeconds: 60, scenes: ["room"], settings: SETTINGS },
    };
    for (const id of net.workerIds) await heartbeat(id);
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await Promise.all([managerStore, ...workerStores].map((s) => s?.close()));
    await open?.close();
    await cleanup(...dirs);
  });

  it("a manager whose operator lacks BENCHMARK_ROLE challenges and posts nothing, and says so once", async () => {
    for (let i = 0; i < 2; i++) expect(await benchmarkRound(round)).toMatchObject({ skipped: "no_role", issued: 0, posted: 0 });
    expect(await rows()).toEqual([]);
    expect(logs.filter((l) => l.msg.includes("lacks NodeRegistry.BENCHMARK_ROLE"))).toHaveLength(1);
  });

  it("with the role (granted by the DAO's timelock), challenges every live eligible worker once: a second round issues nothing", async () => {
    const timelock = d.contracts.IFXTimelock;
    await connection.networkHelpers.impersonateAccount(timelock);
    await connection.networkHelpers.setBalance(timelock, 10n ** 20n);
    const registry = await connection.viem.getContractAt("NodeRegistry", d.contracts.NodeRegistry, { client: { wallet: await connection.viem.getWalletClient(timelock) } });
    await net.mined(registry.write.grantRole([BENCHMARK_ROLE, clients.wallet.account.address]));
    const first = await benchmarkRound(round);
    expect(first).toMatchObject({ issued: 2, posted: 0 });
    expect(first.skipped).toBeUndefined();
    const issued = await rows();
    expect(issued.map((r) => [BigInt(r.worker_id), r.status, r.scene_id])).toEqual(net.workerIds.map((id) => [id, "issued", sceneKey("inferix/room")]));
    expect(new Set(issued.map((r) => r.seed)).size).toBe(2); // a fresh seed each
    expect(await benchmarkRound(round)).toMatchObject({ issued: 0, verified: 0, posted: 0 });
  });

  it("a node that is not a worker is refused; a worker cannot report another's challenge", async () => {
    const verifier = net.verifierIds[0]!;
    const refused = (await rejection(callManager(endpoint(verifier), "benchmarks", CHALLENGES, { nodeId: verifier.toString() }))) as ManagerCallError;
    expect(refused.code).toBe("FORBIDDEN");
    const [w1, w2] = net.workerIds as [bigint, bigint];
    const theirs = (await rows()).find((r) => BigInt(r.worker_id) === w1)!;
    const cid = await managerStore.addBytes(new Uint8Array([1, 2, 3]));
    const conflict = (await rejection(callManager(endpoint(w2), "submitBenchmark", SUBMIT, { nodeId: w2.toString(), benchmarkId: theirs.id, resultCid: cid }))) as ManagerCallError;
    expect(conflict.code).toBe("CONFLICT");
    const bad = (await rejection(callManager(endpoint(w2), "submitBenchmark", SUBMIT, { nodeId: w2.toString(), benchmarkId: theirs.id, resultCid: "not-a-cid" }))) as ManagerCallError;
    expect([bad.code, bad.message]).toEqual(["BAD_USER_INPUT", "submitBenchmark: resultCid: resultCid must be a CID"]);
  });

  it("an honest worker's frame is verified and its time posted (IbUpdated); a frame rendered at another seed is rejected", async () => {
    const [w1, w2] = net.workerIds as [bigint, bigint];
    const ibBefore = await ibOf(w1);
    expect(ibBefore).toBe(WAD / 2n); // 24 s against the room's 12 s reference
    const [report] = await runBenchmarks({ endpoint: endpoint(w1), store: workerStores[0]!, threads: 1, logger });
    expect(report).toBeDefined();
    // The forger reads its challenge and renders the right scene at the right settings, but not with the seed it was given.
    const [challenge] = await callManager<BenchmarkChallenge[]>(endpoint(w2), "benchmarks", CHALLENGES, { nodeId: w2.toString() });
    const scene = (await prepareBenchmarkScenes(managerStore, ["room"]))[0]!;
    const [frame] = await engineForScene(scene.path).render(scene.path, {
      frames: [0], samples: challenge!.samples, seed: (challenge!.seed + 1) % 2 ** 32, bounces: challenge!.bounces, denoise: false, threads: 1,
      resolution: { width: challenge!.width, height: challenge!.height },
    }, () => {});
    const forged = await workerStores[1]!.addBytes(frame!.png);
    await uploadToManager(endpoint(w2), frame!.png, forged);
    await callManager(endpoint(w2), "submitBenchmark", SUBMIT, { nodeId: w2.toString(), benchmarkId: challenge!.benchmarkId, resultCid: forged });

    const result = await benchmarkRound(round);
    expect(result).toMatchObject({ issued: 0, verified: 1, rejected: 1, posted: 1 });
    const [honest, cheat] = await rows() as [Awaited<ReturnType<typeof rows>>[number], Awaited<ReturnType<typeof rows>>[number]];
    expect([honest.status, honest.result_cid, honest.tx_hash]).toEqual(["posted", report!.resultCid, result.hash]);
    expect([cheat.status, cheat.frame_time_ms === null]).toEqual(["rejected", false]);
    expect(cheat.reason).toMatch(/differs from the manager's render/);
    const frameTimeMs = BigInt(honest.frame_time_ms!);
    expect(Number(frameTimeMs)).toBe(honest.received_at!.getTime() - honest.fetched_at!.getTime());
    const events = await clients.publicClient.getContractEvents({ address: d.contracts.NodeRegistry, abi: nodeRegistryAbi, eventName: "IbUpdated", blockHash: (await clients.publicClient.getTransactionReceipt({ hash: result.hash! })).blockHash, strict: true });
    expect(events.map((e) => [e.args.licenseId, e.args.sceneId, e.args.frameTimeMs, e.args.requestedIbWad, e.args.reporter])).toEqual([
      [w1, sceneKey("inferix/room"), frameTimeMs, (12_000n * WAD) / frameTimeMs, clients.wallet.account.address],
    ]);
    expect(await ibOf(w1)).toBe(events[0]!.args.ibWad);
    expect(await ibOf(w1)).not.toBe(ibBefore);
    expect(await ibOf(w2)).toBe(WAD / 2n);
    // Idempotent: nothing is posted again, and nobody is challenged again this epoch.
    expect(await benchmarkRound(round)).toMatchObject({ issued: 0, verified: 0, rejected: 0, posted: 0 });
    // A post whose receipt was not awaited (the row still verified, its hash kept) is found mined, not sent again.
    await open.db.updateTable("benchmarks").set({ status: "verified" }).where("id", "=", honest.id).execute();
    const blockBefore = await clients.publicClient.getBlockNumber();
    expect(await benchmarkRound(round)).toMatchObject({ posted: 0 });
    expect((await rows())[0]!.status).toBe("posted");
    expect(await clients.publicClient.getBlockNumber()).toBe(blockBefore);
  });

  it("with an interval, a worker is challenged again within the epoch; a different image, or a frame never uploaded, is rejected", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (const id of net.workerIds) await heartbeat(id);
    expect(await benchmarkRound({ ...round, config: { ...round.config, intervalSeconds: 1 } })).toMatchObject({ issued: 2 });
    const [w1, w2] = net.workerIds as [bigint, bigint];
    // w1 answers with its earlier (genuine, but other-seed) frame; w2 reports a CID the manager never received.
    const previous = (await rows())[0]!.result_cid!;
    const [c1] = await callManager<BenchmarkChallenge[]>(endpoint(w1), "benchmarks", CHALLENGES, { nodeId: w1.toString() });
    await callManager(endpoint(w1), "submitBenchmark", SUBMIT, { nodeId: w1.toString(), benchmarkId: c1!.benchmarkId, resultCid: previous });
    const [c2] = await callManager<BenchmarkChallenge[]>(endpoint(w2), "benchmarks", CHALLENGES, { nodeId: w2.toString() });
    const missing = await workerStores[1]!.addBytes(new TextEncoder().encode("never uploaded"));
    await callManager(endpoint(w2), "submitBenchmark", SUBMIT, { nodeId: w2.toString(), benchmarkId: c2!.benchmarkId, resultCid: missing });
    const ibBefore = await Promise.all(net.workerIds.map(ibOf));
    expect(await benchmarkRound(round)).toMatchObject({ verified: 0, rejected: 2, posted: 0 });
    const latest = (await rows()).slice(-2);
    expect(latest.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(latest[1]!.reason).toMatch(/cannot be read from the manager's store/);
    expect(await Promise.all(net.workerIds.map(ibOf))).toEqual(ibBefore);
  });
});
