import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { keccak256, toHex, type Account, type Chain, type PublicClient, type Transport, type WalletClient } from "viem";
import { NonceWindow } from "../../../keepers/auth/nonceWindow.js";
import type { WriteClients } from "../../../keepers/chain/sendContractWrite.js";
import { openDatabase } from "../../../keepers/db/openDatabase.js";
import type { JobSettings } from "../../../keepers/db/schema.js";
import { sampleScene } from "../../../keepers/engines/index.js";
import { protocolContracts } from "../../../keepers/chain/protocolContracts.js";
import { readNodeView } from "../../../keepers/manager/api/readNodeView.js";
import { createManagerServer } from "../../../keepers/manager/http/createManagerServer.js";
import { drawCommittees } from "../../../keepers/manager/jobs/drawCommittees.js";
import { markPendingTasks } from "../../../keepers/manager/jobs/markPendingTasks.js";
import { readMarketEvents, type MarketReaderOptions } from "../../../keepers/manager/jobs/readMarketEvents.js";
import { buildQuote } from "../../../keepers/manager/quote/buildQuote.js";
import { assignReadyTasks } from "../../../keepers/manager/store/assignReadyTasks.js";
import { recordQuote } from "../../../keepers/manager/store/recordQuote.js";
import { cidToWord } from "../../../keepers/market/cidWord.js";
import { createHeliaStore } from "../../../keepers/storage/heliaStore.js";
import { JsonRpcServerImplementation } from "../../../node_modules/hardhat/dist/src/internal/builtin-plugins/node/json-rpc/server.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";
import { startLocalNetwork } from "./startLocalNetwork.js";

const WAD = 10n ** 18n;
const POR_SECRET = new Uint8Array(32).fill(7);

/**
 * A manager as the node daemons meet it: a local chain with the protocol and a running network (a manager, 3
 * verifiers, `workers` staked workers), the manager's database (PGlite), content store and HTTP server (API, gateway,
 * uploads) with the node view read from NodeRegistry and NodeStaking. `openJob` takes a job through quote, escrow,
 * committee draw and PoR marking until its tasks are ready; `assign` runs the manager's assigner once.
 */
export async function startTestManager(workers = 1) {
  const { connection, d, net, wallets } = await startLocalNetwork(3, Array.from({ length: workers }, () => 24_000n));
  const open = await openDatabase({});
  const dir = await tempDir("inferix-manager-");
  const store = await createHeliaStore({ dir: join(dir, "store") });
  const logger = pino({ level: process.env["DEBUG_DAEMONS"] ? "debug" : "silent" });
  const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
  const nodeView = readNodeView(protocolContracts(d, { public: publicClient }), 0);
  const server = createManagerServer({ db: open.db, chainId: d.chainId, market: d.contracts.JobMarket, nodeView, nonces: new NonceWindow(), verdictThreshold: 2, logger, store });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The chain over HTTP JSON-RPC too (Hardhat's node server): verifier daemons read it with their own read-only client.
  const rpcServer = new JsonRpcServerImplementation({ hostname: "127.0.0.1", port: 0, provider: connection.provider });
  const rpcUrl = `http://127.0.0.1:${(await rpcServer.listen()).port}/`;
  const clients: WriteClients = { publicClient, wallet: wallets[15] as unknown as WalletClient<Transport, Chain, Account>, receiptTimeoutMs: 30_000 };
  const reader: MarketReaderOptions = { market: d.contracts.JobMarket, managerId: net.managerId, startBlock: d.startBlock, confirmations: 0n, maxRange: 10_000n };
  let jobs = 0;

  /**
   * A job of `frames` frames from `source.firstFrame` (0), one frame per task, with `settings`, of the sample room on
   * the built-in tracer unless `source` names another scene and engine; returns its id once every task is ready.
   */
  const openJob = async (frames: number, settings: Omit<JobSettings, "engine" | "framesPerTask">, source: { engine: JobSettings["engine"]; scene?: string; firstFrame?: number } = { engine: "pathtracer" }) => {
    const sceneCid = await store.addFile(source.scene ?? (await sampleScene("room")).path);
    const now = Number((await publicClient.getBlock()).timestamp);
    const first = source.firstFrame ?? 0;
    const { quote, signature } = await buildQuote({
      artist: net.artist, sceneWord: cidToWord(sceneCid), frameStart: first, frameEnd: first + frames - 1, framesPerTask: 1, workWad: BigInt(frames) * WAD, pricePerIbmWad: WAD / 20n,
      ibFloorWad: 0n, validForSeconds: 600, deadlineSeconds: 86_400, nowSeconds: now, salt: keccak256(toHex(`daemons-${++jobs}`)),
    }, { managerId: net.managerId, operator: net.operators.get(net.managerId)!, porSecret: POR_SECRET, chainId: d.chainId, market: d.contracts.JobMarket });
    const jobId = quote.jobId.toLowerCase();
    await recordQuote(open.db, quote, signature, sceneCid, { engine: source.engine, framesPerTask: 1, ...settings });
    const market = await connection.viem.getContractAt("JobMarket", d.contracts.JobMarket, { client: { wallet: await connection.viem.getWalletClient(net.artist) } });
    await net.mined(market.write.createJob([quote, signature]));
    await readMarketEvents(open.db, publicClient, reader);
    await connection.networkHelpers.mine(2);
    await drawCommittees(open.db, clients, d.contracts.JobMarket, logger);
    await readMarketEvents(open.db, publicClient, reader);
    for (let round = 0; round < 5; round++) {
      await markPendingTasks({ db: open.db, store, porSecret: POR_SECRET, marks: 8, cacheDir: join(dir, "scenes"), threads: 1, logger }, frames);
      const pending = await open.db.selectFrom("tasks").select("task_index").where("job_id", "=", jobId).where("status", "=", "pending").execute();
      if (pending.length === 0) return jobId;
    }
    const { status } = await open.db.selectFrom("jobs").select("status").where("id", "=", jobId).executeTakeFirstOrThrow();
    throw new Error(`job ${jobId} (${status}): tasks not marked${status === "failed" ? ": the frames cannot hold the marks at this resolution" : ""}`);
  };

  const assign = (now = new Date()) =>
    assignReadyTasks(open.db, { now, heartbeatTimeoutSeconds: 60, taskTimeoutSeconds: 600, maxTasks: 10, blockAfterFailures: 3 });

  /** The attempts of a job's task, oldest first. */
  const attemptsOf = (jobId: string, taskIndex: number) =>
    open.db.selectFrom("task_attempts").select(["id", "worker_id", "status", "result_cid", "progress"]).where("job_id", "=", jobId).where("task_index", "=", taskIndex).orderBy("id").execute();
  const taskStatus = async (jobId: string, taskIndex: number) =>
    (await open.db.selectFrom("tasks").select("status").where("job_id", "=", jobId).where("task_index", "=", taskIndex).executeTakeFirstOrThrow()).status;

  const port = (server.address() as AddressInfo).port;
  /** The manager's server goes away (connections cut) and comes back on the same port: an outage, a restart. */
  const takeDown = async () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await closed;
  };
  const bringUp = () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

  const close = async () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections(); // the daemons' keep-alive connections
    await closed;
    await rpcServer.close();
    await store.close();
    await open.close();
    await cleanup(dir);
  };
  return { connection, d, net, db: open.db, store, url, rpcUrl, chainId: d.chainId, openJob, assign, attemptsOf, taskStatus, takeDown, bringUp, close };
}

export type TestManager = Awaited<ReturnType<typeof startTestManager>>;

/** A daemon's logger whose JSON lines (at `level` and above) are kept for the test to read. */
export function captureLogs(level: "warn" | "info" = "warn") {
  const lines: { msg: string; loop?: string; [field: string]: unknown }[] = [];
  const logger = pino({ level }, new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk)) as { msg: string }), done()) }));
  return { logger, lines };
}

/** Polls `probe` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
