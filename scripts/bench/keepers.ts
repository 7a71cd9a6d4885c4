/**
 * `npm run bench:keepers`: the manager daemon under load on loopback, bounded in time (issue: "manager API quotes per
 * second and task assignments per second on this machine, and the memory of each daemon at rest and under load").
 *
 * A local chain (Hardhat over loopback HTTP) with the protocol, a manager, 3 verifiers and `WORKERS` staked workers.
 * The manager runs as its own process (`ifx manager start`, the binary an operator runs) on the machine's PostgreSQL
 * server (a database made for the run), so its memory is its own. Then:
 * - quotes/s: `CLIENTS` artists quote the same scene and settings for `SECONDS` s (the preview timing is reused, as
 *   for an artist re-quoting), then distinct sample counts (a preview render per quote, one at a time);
 * - assignments/s: a job of `TASKS` ready tasks is put in the manager's database (marking is measured in bench:por),
 *   and the workers poll `assignments` and report a result for each task at once, `SLOTS` tasks each at a time,
 *   through the signed API: tasks handed out per second until all are out;
 * - memory: the manager's resident set (VmRSS) at rest, and its peak sampled every 100 ms under each load.
 * Writes docs/keepers.md.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { callManager } from "../../keepers/daemon/callManager.js";
import { openDatabase } from "../../keepers/db/openDatabase.js";
import { sampleScene } from "../../keepers/engines/index.js";
import { localKey, serveLocalChain } from "../../test/ts/helpers/serveLocalChain.js";
import { renderTable } from "../lib/format.js";
import { LocalNetwork } from "../lib/localNetwork.js";
import { spawnDaemon, type DaemonProcess } from "../lib/spawnDaemon.js";
import { writeBenchDocument } from "../lib/writeBenchDoc.js";

const WORKERS = 8;
const SLOTS = 32;
const CLIENTS = 8;
const SECONDS = Number(process.env["IFX_BENCH_SECONDS"] ?? 20);
const TASKS = Number(process.env["IFX_BENCH_TASKS"] ?? 5_000);
const SERVER = process.env["INFERIX_TEST_POSTGRES"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const say = (line: string) => process.stdout.write(`${line}\n`);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Runs `load` while sampling the daemon's memory every 100 ms; returns its result and the peak. */
async function withPeakMemory<T>(daemon: DaemonProcess, load: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = await daemon.rssBytes();
  const timer = setInterval(() => void daemon.rssBytes().then((rss) => (peak = Math.max(peak, rss)), () => {}), 100);
  try {
    return { result: await load(), peak };
  } finally {
    clearInterval(timer);
  }
}

/** `clients` loops calling `once` until `seconds` have passed; successful calls per second. */
async function rate(clients: number, seconds: number, once: (client: number, i: number) => Promise<boolean>): Promise<{ ok: number; failed: number; perSecond: number }> {
  const end = performance.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; performance.now() < end; i++) (await once(c, i).catch(() => false)) ? ok++ : failed++;
  }));
  return { ok, failed, perSecond: ok / ((performance.now() - started) / 1000) };
}

async function main(): Promise<void> {
  const chain = await serveLocalChain();
  const database = `inferix_bench_keepers_${process.pid}`;
  await admin(`create database ${database}`);
  const dataDir = await mkdtemp(join(tmpdir(), "inferix-bench-keepers-"));
  let manager: DaemonProcess | undefined;
  try {
    const net = new LocalNetwork(chain.connection, chain.deployment, privateKeyToAddress(localKey(13)), privateKeyToAddress(localKey(14)));
    await net.start(3, Array.from({ length: WORKERS }, () => 24_000n));
    say(`network: manager #${net.managerId}, ${net.verifierIds.length} verifiers, ${WORKERS} workers`);
    const databaseUrl = SERVER.replace(/\/[^/]*$/, `/${database}`);
    const configFile = join(dataDir, "manager.json");
    await writeFile(configFile, JSON.stringify({ loops: { assignMs: 20, intakeMs: 1_000, settleMs: 5_000 }, tasks: { maxPerRound: 500 } }));
    manager = spawnDaemon("manager", {
      IFX_RPC_URL: chain.url, IFX_DEPLOYMENT: chain.deploymentFile, IFX_MANAGER_ID: net.managerId.toString(), IFX_PRIVATE_KEY: net.operatorKeys.get(net.managerId)!,
      IFX_POR_SECRET: keccak256(toHex("bench")), IFX_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, IFX_LISTEN_PORT: "0", IFX_METRICS_PORT: "0", IFX_CONFIG: configFile, IFX_LOG_LEVEL: "info",
    });
    const started = await manager.waitFor((l) => l["msg"] === "manager started" || l["level"] === 50, 120_000).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(manager!.lines.slice(-5))}`);
    });
    const url = started["url"] as string;
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const atRest = await manager.rssBytes();
    say(`manager at rest: ${mib(atRest)}`);

    const endpoint = (id: bigint) => ({ url, chainId: chain.deployment.chainId, nodeId: id, operator: net.operators.get(id)! });
    const heartbeat = () => Promise.all(net.workerIds.map((id) => callManager(endpoint(id), "heartbeat", "mutation ($input: HeartbeatInput!) { heartbeat(input: $input) { eligible } }", { nodeId: id.toString(), engines: ["pathtracer"], slots: SLOTS })));
    await heartbeat();
    const scene = await (await fetch(new URL("/scenes", url), { method: "POST", body: new Uint8Array(await readFile((await sampleScene("room")).path)) })).json() as { cid: string };
    const quote = (samples: number) => fetch(new URL("/graphql", url), {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "mutation ($input: QuoteInput!) { quote(input: $input) { jobId fee } }", variables: { input: { artist: net.artist, sceneCid: scene.cid, frameStart: 1, frameEnd: 100, engine: "pathtracer", width: 1920, height: 1080, samples, bounces: 4 } } }),
    }).then(async (r) => !((await r.json()) as { errors?: unknown[] }).errors);
    if (!(await quote(64))) throw new Error("the first quote failed");
    await heartbeat();
    const repeated = await withPeakMemory(manager, () => rate(CLIENTS, SECONDS, () => quote(64)));
    say(`quotes, same scene and settings: ${repeated.result.perSecond.toFixed(1)}/s (${repeated.result.ok} ok, ${repeated.result.failed} refused), peak ${mib(repeated.peak)}`);
    await heartbeat();
    let distinct = 100;
    const fresh = await withPeakMemory(manager, () => rate(1, SECONDS, () => quote(++distinct)));
    say(`quotes, a preview each: ${fresh.result.perSecond.toFixed(2)}/s (${fresh.result.ok} ok), peak ${mib(fresh.peak)}`);

    // A job of TASKS ready tasks straight into the manager's database: assignment is what is measured here.
    const open = await openDatabase({ url: databaseUrl });
    const jobId = keccak256(toHex("bench-assign"));
    const committee = net.verifierIds.map((id) => ({ verifierId: id.toString(), operator: net.operators.get(id)!.address }));
    await open.db.insertInto("jobs").values({
      id: jobId, artist: net.artist, scene_cid: scene.cid, frame_start: 1, frame_end: TASKS, settings: JSON.stringify({ engine: "pathtracer", resolution: { width: 64, height: 36 }, samples: 4, bounces: 2, framesPerTask: 1 }),
      task_count: TASKS, work_wad: BigInt(TASKS) * 10n ** 18n, price_per_ibm_wad: 10n ** 18n, fee: BigInt(TASKS) * 10n ** 18n, quote: JSON.stringify({ ibFloorWad: "0" }), quote_signature: "0x",
      status: "running", committee: JSON.stringify(committee),
    }).execute();
    for (let i = 0; i < TASKS; i += 1_000) {
      await open.db.insertInto("tasks").values(Array.from({ length: Math.min(1_000, TASKS - i) }, (_, k) => ({
        job_id: jobId, task_index: i + k, frame_start: i + k + 1, frame_end: i + k + 1, work_wad: 10n ** 18n, status: "ready" as const, marked_scene_cid: scene.cid, key_hash: "0x", por_key: null,
      }))).execute();
    }
    await heartbeat();
    const assignedAt = performance.now();
    const assignments = await withPeakMemory(manager, async () => {
      let handedOut = 0;
      await Promise.all(net.workerIds.map(async (id) => {
        const e = endpoint(id);
        while (handedOut < TASKS && performance.now() - assignedAt < 300_000) {
          const live = await callManager<{ attemptId: number }[]>(e, "assignments", "query ($input: NodeInput!) { assignments(input: $input) { attemptId } }", { nodeId: id.toString() });
          handedOut += live.length;
          await Promise.all(live.map((a) => callManager(e, "submitResult", "mutation ($input: ResultInput!) { submitResult(input: $input) { outcome } }", { nodeId: id.toString(), attemptId: a.attemptId, resultCid: scene.cid })));
          if (live.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }));
      return handedOut;
    });
    const seconds = (performance.now() - assignedAt) / 1000;
    if (process.env["IFX_BENCH_DEBUG"]) {
      const served = manager.lines.find((l) => l["msg"] === "metrics served")?.["url"] as string;
      const metrics = await (await fetch(served)).text();
      say(metrics.split("\n").filter((l) => /loop_round_seconds_(sum|count)|api_requests_total/.test(l)).join("\n"));
    }
    const attempts = await open.db.selectFrom("task_attempts").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    await open.close();
    say(`assignments: ${assignments.result} tasks in ${seconds.toFixed(1)} s = ${(assignments.result / seconds).toFixed(0)}/s (attempt rows ${attempts.n}), peak ${mib(assignments.peak)}`);

    const code = await manager.stop();
    manager = undefined;
    const rows = [
      ["manager API quotes, same scene and settings (preview reused)", `${repeated.result.perSecond.toFixed(1)} quotes/s`, `${CLIENTS} clients, ${SECONDS} s, ${repeated.result.ok} quotes`, mib(repeated.peak)],
      ["manager API quotes, a preview render each (1920x1080, 100 frames)", `${fresh.result.perSecond.toFixed(2)} quotes/s`, `1 client, ${SECONDS} s, ${fresh.result.ok} quotes`, mib(fresh.peak)],
      ["task assignments through the API (poll, assign, report)", `${(assignments.result / seconds).toFixed(0)} tasks/s`, `${TASKS} tasks, ${WORKERS} workers x ${SLOTS} slots`, mib(assignments.peak)],
    ];
    const table = renderTable(["load", "rate", "how", "manager peak memory"], rows, true);
    await writeBenchDocument({
      file: "docs/keepers.md", title: "Keepers under load (manager daemon)", command: "npm run bench:keepers",
      facts: [["chain", "Hardhat (in-process) over loopback HTTP JSON-RPC"], ["database", "the machine's PostgreSQL server"], ["manager memory at rest", `${mib(atRest)} (VmRSS, 10 s after start)`], ["manager exit on SIGTERM", String(code)]],
      body: [table, "The manager runs as `ifx manager start` in its own process; load comes from this script over loopback, signed as the nodes sign. Quotes are priced over the heartbeating workers; the preview of a new scene or new settings is a real render (one at a time), repeated quotes reuse its timing for ten minutes. Assignment: tasks already marked (marking is measured in `docs/por.md`)."],
    });
    say(`${table}\n\nwrote docs/keepers.md`);
  } finally {
    await manager?.kill();
    await chain.close();
    await admin(`drop database if exists ${database} with (force)`).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
