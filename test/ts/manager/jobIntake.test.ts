import { pino } from "pino";
import { keccak256, toHex, type Account, type Chain, type PublicClient, type Transport, type WalletClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import type { WriteClients } from "../../../keepers/chain/sendContractWrite.js";
import { openDatabase, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import { sampleScene } from "../../../keepers/engines/index.js";
import { cidToWord } from "../../../keepers/market/cidWord.js";
import { drawCommittees } from "../../../keepers/manager/jobs/drawCommittees.js";
import { markPendingTasks } from "../../../keepers/manager/jobs/markPendingTasks.js";
import { readMarketEvents, type MarketReaderOptions } from "../../../keepers/manager/jobs/readMarketEvents.js";
import { buildQuote } from "../../../keepers/manager/quote/buildQuote.js";
import { recordQuote } from "../../../keepers/manager/store/recordQuote.js";
import { createHeliaStore } from "../../../keepers/storage/heliaStore.js";
import type { ContentStore } from "../../../keepers/storage/contentStore.js";
import { parseTaskKey, taskKeyHash } from "../../../por/taskKey.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { startLocalNetwork } from "../helpers/startLocalNetwork.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";

const WAD = 10n ** 18n;
const POR_SECRET = new Uint8Array(32).fill(42);
const logger = pino({ level: "silent" });

describe("a manager takes an escrowed job in: events, committee, PoR marking", () => {
  let connection: Awaited<ReturnType<typeof startLocalNetwork>>["connection"];
  let d: Deployment;
  let net: LocalNetwork;
  let open: OpenDatabase;
  let store: ContentStore;
  let dir: string;
  let clients: WriteClients;
  let reader: MarketReaderOptions;
  let jobId: `0x${string}`;

  beforeAll(async () => {
    let wallets;
    ({ connection, d, net, wallets } = await startLocalNetwork());
    open = await openDatabase({});
    dir = await tempDir();
    store = await createHeliaStore({ dir });
    const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
    clients = { publicClient, wallet: wallets[15] as unknown as WalletClient<Transport, Chain, Account>, receiptTimeoutMs: 30_000 };
    reader = { market: d.contracts.JobMarket, managerId: net.managerId, startBlock: d.startBlock, confirmations: 0n, maxRange: 10_000n };
  });
  afterAll(async () => {
    await store?.close();
    await open?.close();
    await cleanup(dir);
  });

  it("opens the job from its JobCreated event, once, and only its own manager's", async () => {
    const sceneCid = await store.addFile((await sampleScene("room")).path);
    const now = Number((await clients.publicClient.getBlock()).timestamp);
    const { quote, signature } = await buildQuote({
      artist: net.artist, sceneWord: cidToWord(sceneCid), frameStart: 0, frameEnd: 3, framesPerTask: 2, workWad: 4n * WAD, pricePerIbmWad: WAD / 20n,
      ibFloorWad: 0n, validForSeconds: 600, deadlineSeconds: 86_400, nowSeconds: now, salt: keccak256(toHex("intake")),
    }, { managerId: net.managerId, operator: net.operators.get(net.managerId)!, porSecret: POR_SECRET, chainId: d.chainId, market: d.contracts.JobMarket });
    jobId = quote.jobId;
    await recordQuote(open.db, quote, signature, sceneCid, { engine: "pathtracer", resolution: { width: 160, height: 90 }, samples: 16, bounces: 3, framesPerTask: 2 });
    const market = await connection.viem.getContractAt("JobMarket", d.contracts.JobMarket, { client: { wallet: await connection.viem.getWalletClient(net.artist) } });
    await net.mined(market.write.createJob([quote, signature]));
    const read = await readMarketEvents(open.db, clients.publicClient, reader);
    expect(read?.opened).toEqual([jobId.toLowerCase()]);
    expect(await readMarketEvents(open.db, clients.publicClient, reader)).toBeNull(); // caught up: the cursor moved
    const tasks = await open.db.selectFrom("tasks").select(["task_index", "status"]).where("job_id", "=", jobId.toLowerCase()).orderBy("task_index").execute();
    expect(tasks).toEqual([{ task_index: 0, status: "pending" }, { task_index: 1, status: "pending" }]);
    // Another manager's reader (its own cursor, from the deployment's first block) sees the event and opens nothing.
    const other = await readMarketEvents(open.db, clients.publicClient, { ...reader, managerId: 999n });
    expect(other).toMatchObject({ fromBlock: d.startBlock, opened: [] });
  });

  it("draws the committee once the seed block is mined, and stores the drawn seats from the event", async () => {
    expect(await drawCommittees(open.db, clients, d.contracts.JobMarket, logger)).toEqual([]); // seed block not mined yet
    await connection.networkHelpers.mine(2);
    expect(await drawCommittees(open.db, clients, d.contracts.JobMarket, logger)).toEqual([jobId.toLowerCase()]);
    const read = await readMarketEvents(open.db, clients.publicClient, reader);
    expect(read?.committees).toEqual([jobId.toLowerCase()]);
    const job = await open.db.selectFrom("jobs").select(["committee"]).where("id", "=", jobId.toLowerCase()).executeTakeFirstOrThrow();
    expect(job.committee?.map((s) => s.verifierId).sort()).toEqual(net.verifierIds.map(String).sort());
    // Drawn: a second draw is refused on-chain and skipped here.
    expect(await drawCommittees(open.db, clients, d.contracts.JobMarket, logger)).toEqual([]);
  });

  it("marks each task into a new scene in the store with a version 2 key, and makes it ready", async () => {
    const marked = await markPendingTasks({ db: open.db, store, porSecret: POR_SECRET, marks: 8, cacheDir: `${dir}/scenes`, threads: 1, logger });
    expect(marked.map((m) => m.taskIndex)).toEqual([0, 1]);
    const tasks = await open.db.selectFrom("tasks").selectAll().where("job_id", "=", jobId.toLowerCase()).orderBy("task_index").execute();
    for (const task of tasks) {
      expect(task.status).toBe("ready");
      expect(await store.has(task.marked_scene_cid!)).toBe(true);
      const key = parseTaskKey(task.por_key!);
      expect(key.version).toBe(2);
      expect(key.taskId).toBe(`${jobId.toLowerCase()}/${task.task_index}`);
      expect(key.placements.map((p) => p.frame)).toEqual([task.frame_start, task.frame_end]);
      expect(taskKeyHash(key)).toBe(task.key_hash);
    }
    const job = await open.db.selectFrom("jobs").select("status").where("id", "=", jobId.toLowerCase()).executeTakeFirstOrThrow();
    expect(job.status).toBe("running");
    expect(await markPendingTasks({ db: open.db, store, porSecret: POR_SECRET, marks: 8, cacheDir: `${dir}/scenes`, threads: 1, logger })).toEqual([]);
  });
  it("closes a job the artist cancelled before its committee was drawn: never drawn, never marked", async () => {
    const sceneCid = await store.addFile((await sampleScene("room")).path);
    const now = Number((await clients.publicClient.getBlock()).timestamp);
    const { quote, signature } = await buildQuote({
      artist: net.artist, sceneWord: cidToWord(sceneCid), frameStart: 0, frameEnd: 0, framesPerTask: 1, workWad: WAD, pricePerIbmWad: WAD / 20n,
      ibFloorWad: 0n, validForSeconds: 600, deadlineSeconds: 86_400, nowSeconds: now, salt: keccak256(toHex("cancelled")),
    }, { managerId: net.managerId, operator: net.operators.get(net.managerId)!, porSecret: POR_SECRET, chainId: d.chainId, market: d.contracts.JobMarket });
    await recordQuote(open.db, quote, signature, sceneCid, { engine: "pathtracer", resolution: { width: 160, height: 90 }, samples: 16, bounces: 3, framesPerTask: 1 });
    const market = await connection.viem.getContractAt("JobMarket", d.contracts.JobMarket, { client: { wallet: await connection.viem.getWalletClient(net.artist) } });
    await net.mined(market.write.createJob([quote, signature]));
    expect((await readMarketEvents(open.db, clients.publicClient, reader))?.opened).toEqual([quote.jobId.toLowerCase()]);
    await net.mined(market.write.cancel([quote.jobId]));
    await connection.networkHelpers.mine(2);
    expect((await readMarketEvents(open.db, clients.publicClient, reader))?.closed).toEqual([quote.jobId.toLowerCase()]);
    expect(await drawCommittees(open.db, clients, d.contracts.JobMarket, logger)).toEqual([]);
    const status = async () => (await open.db.selectFrom("jobs").select("status").where("id", "=", quote.jobId.toLowerCase()).executeTakeFirstOrThrow()).status;
    expect(await status()).toBe("cancelled");
    expect(await markPendingTasks({ db: open.db, store, porSecret: POR_SECRET, marks: 8, cacheDir: `${dir}/scenes`, threads: 1, logger })).toEqual([]);
    expect(await drawCommittees(open.db, clients, d.contracts.JobMarket, logger)).toEqual([]);
    expect(await status()).toBe("cancelled");
  });
});
