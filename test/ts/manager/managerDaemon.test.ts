import { pino } from "pino";
import { keccak256, toHex, type Hex } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callManager } from "../../../keepers/daemon/callManager.js";
import { managerConfigSchema, type ManagerConfig } from "../../../keepers/manager/daemon/managerConfig.js";
import { startManager, type RunningManager } from "../../../keepers/manager/daemon/startManager.js";
import { buildQuote } from "../../../keepers/manager/quote/buildQuote.js";
import { recordQuote } from "../../../keepers/manager/store/recordQuote.js";
import { cidToWord } from "../../../keepers/market/cidWord.js";
import { sampleScene } from "../../../keepers/engines/index.js";
import { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { localKey, runCli, serveLocalChain, type LocalChain } from "../helpers/serveLocalChain.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";
import { until } from "../helpers/until.js";

const WAD = 10n ** 18n;
const POR_SECRET = new Uint8Array(32).fill(9);
const logger = pino({ level: process.env["DEBUG_MANAGER"] ? "debug" : "silent" });
const HEARTBEAT = "mutation ($input: HeartbeatInput!) { heartbeat(input: $input) { eligible } }";
const ASSIGNMENTS = "query ($input: NodeInput!) { assignments(input: $input) { attemptId jobId taskIndex sceneCid } }";


/**
 * The manager daemon as `ifx manager start` runs it, over HTTP JSON-RPC: refuses a key that is not its license's
 * operator, takes an escrowed job in (events, committee, marking), assigns its tasks to a heartbeating worker, serves
 * metrics, and after a stop and a restart on the same data directory resumes with the same state.
 */
describe("the manager daemon", () => {
  let chain: LocalChain;
  let net: LocalNetwork;
  let dataDir: string;
  let config: ManagerConfig;
  let manager: RunningManager | undefined;
  let jobId: Hex;
  const start = () => startManager(config, { privateKey: net.operatorKeys.get(net.managerId)!, porSecret: POR_SECRET }, logger);
  const worker = () => ({ url: manager!.url, chainId: chain.deployment.chainId, nodeId: net.workerIds[0]!, operator: net.operators.get(net.workerIds[0]!)! });

  beforeAll(async () => {
    chain = await serveLocalChain();
    const accounts = [13, 14].map((i) => localKey(i));
    const { privateKeyToAddress } = await import("viem/accounts");
    net = new LocalNetwork(chain.connection, chain.deployment, privateKeyToAddress(accounts[0]!), privateKeyToAddress(accounts[1]!));
    await net.start(3, [24_000n]);
    dataDir = await tempDir();
    config = managerConfigSchema.parse({
      chain: { rpcUrl: chain.url, deploymentFile: chain.deploymentFile, receiptTimeoutMs: 30_000 }, managerId: net.managerId.toString(), dataDir,
      listen: { port: 0 }, metricsPort: 0, loops: { intakeMs: 200, assignMs: 200, settleMs: 500, epochMs: 5_000 }, marking: { marks: 8 },
    });
  });
  afterAll(async () => {
    await manager?.stop(1_000);
    await chain?.close();
    await cleanup(dataDir);
  });

  it("refuses to start with a key that does not operate its manager license, and with a config that lacks what it needs", async () => {
    const wrong = await startManager(config, { privateKey: generatePrivateKey(), porSecret: POR_SECRET }, logger).then(() => null, (e: Error) => e);
    expect(wrong?.message).toMatch(new RegExp(`but manager ${net.managerId} is operated by 0x`));
    const cli = await runCli(["manager", "start"], { IFX_POR_SECRET: "00".repeat(32) });
    expect(cli.code).toBe(2);
    expect(cli.err).toMatch(/chain: .*IFX_RPC_URL/);
    expect(cli.err).toMatch(/managerId: .*IFX_MANAGER_ID/);
    const noSecret = await runCli(["manager", "start"], { IFX_RPC_URL: chain.url, IFX_MANAGER_ID: "1" });
    expect(noSecret.code).toBe(2);
    expect(noSecret.err).toMatch(/IFX_POR_SECRET is not set/);
  });

  it("takes an escrowed job in and assigns its tasks to a heartbeating worker", async () => {
    manager = await start();
    const scene = await manager.store.addFile((await sampleScene("room")).path);
    const { viem, networkHelpers } = chain.connection;
    const now = Number((await (await viem.getPublicClient()).getBlock()).timestamp);
    const { quote, signature } = await buildQuote({
      artist: net.artist, sceneWord: cidToWord(scene), frameStart: 0, frameEnd: 1, framesPerTask: 1, workWad: 2n * WAD, pricePerIbmWad: WAD / 20n,
      ibFloorWad: 0n, validForSeconds: 600, deadlineSeconds: 86_400, nowSeconds: now, salt: keccak256(toHex("daemon")),
    }, { managerId: net.managerId, operator: net.operators.get(net.managerId)!, porSecret: POR_SECRET, chainId: chain.deployment.chainId, market: chain.deployment.contracts.JobMarket });
    jobId = quote.jobId;
    await recordQuote(manager.db, quote, signature, scene, { engine: "pathtracer", resolution: { width: 160, height: 90 }, samples: 4, bounces: 2, framesPerTask: 1 });
    const market = await viem.getContractAt("JobMarket", chain.deployment.contracts.JobMarket, { client: { wallet: await viem.getWalletClient(net.artist) } });
    await net.mined(market.write.createJob([quote, signature]));
    await networkHelpers.mine(2); // the committee's seed block
    await until("the committee and the marked tasks", async () => {
      const tasks = await manager!.db.selectFrom("tasks").select("status").where("job_id", "=", jobId.toLowerCase()).execute();
      const drawn = await manager!.db.selectFrom("jobs").select("committee").where("id", "=", jobId.toLowerCase()).executeTakeFirst();
      return drawn?.committee && tasks.length === 2 && tasks.every((t) => t.status === "ready");
    });
    const job = await manager.db.selectFrom("jobs").select(["status", "committee"]).where("id", "=", jobId.toLowerCase()).executeTakeFirstOrThrow();
    expect(job.status).toBe("running");
    expect(job.committee).toHaveLength(3);
    await callManager(worker(), "heartbeat", HEARTBEAT, { nodeId: net.workerIds[0]!.toString(), engines: ["pathtracer"], slots: 2 });
    const assigned = await until("assignments", async () => {
      const list = await callManager<{ attemptId: number; taskIndex: number }[]>(worker(), "assignments", ASSIGNMENTS, { nodeId: net.workerIds[0]!.toString() });
      return list.length === 2 ? list : null;
    });
    expect(assigned.map((a) => a.taskIndex).sort()).toEqual([0, 1]);
    const scraped = await (await fetch(`${manager.metricsUrl}/metrics`)).text();
    expect(scraped).toMatch(/^ifx_assignments_total\{[^}]*\} 2$/m);
    expect(scraped).toMatch(/^ifx_api_requests_total\{[^}]*operation="heartbeat"[^}]*code="OK"[^}]*\} 1$/m);
    expect(scraped).toMatch(/^ifx_loop_round_seconds_count\{[^}]*loop="intake"[^}]*\} [1-9]/m);
  });

  it("stops, restarts on the same data directory and resumes: the same job, the same live assignments, nothing twice", async () => {
    const before = await callManager<{ attemptId: number }[]>(worker(), "assignments", ASSIGNMENTS, { nodeId: net.workerIds[0]!.toString() });
    await manager!.stop(5_000);
    manager = await start();
    const after = await callManager<{ attemptId: number }[]>(worker(), "assignments", ASSIGNMENTS, { nodeId: net.workerIds[0]!.toString() });
    expect(after.map((a) => a.attemptId).sort()).toEqual(before.map((a) => a.attemptId).sort());
    expect(await manager.db.selectFrom("jobs").select("id").execute()).toHaveLength(1);
    expect(await manager.db.selectFrom("tasks").select("task_index").execute()).toHaveLength(2);
    expect(await manager.db.selectFrom("task_attempts").select("id").execute()).toHaveLength(2);
  });
});
