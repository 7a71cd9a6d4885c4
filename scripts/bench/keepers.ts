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
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { jobMarketAbi } from "../../keepers/chain/abis.generated.js";
import { callManager } from "../../keepers/daemon/callManager.js";
import { openDatabase } from "../../keepers/db/openDatabase.js";
import { workerCalls } from "../../keepers/worker/workerCalls.js";
import { sampleScene } from "../../keepers/engines/index.js";
import { localKey, serveLocalChain } from "../../test/ts/helpers/serveLocalChain.js";
import { adminQuery, SERVER } from "../../test/ts/helpers/testDatabases.js";
import { renderTable } from "../lib/format.js";
import { LocalNetwork } from "../lib/localNetwork.js";
import { spawnDaemon, type DaemonProcess } from "../lib/spawnDaemon.js";
import { writeBenchDocument } from "../lib/writeBenchDoc.js";

const WORKERS = 8;
const SLOTS = 32;
const CLIENTS = 8;
const SECONDS = Number(process.env["IFX_BENCH_SECONDS"] ?? 20);
const TASKS = Number(process.env["IFX_BENCH_TASKS"] ?? 5_000);
const FRAMES = 8;
const say = (line: string) => process.stdout.write(`${line}\n`);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;


/** Runs `load` while sampling each daemon's memory every 100 ms; returns its result and the peak over them. */
async function withPeakMemory<T>(daemons: DaemonProcess | readonly DaemonProcess[], load: () => Promise<T>): Promise<{ result: T; peak: number }> {
  const all = Array.isArray(daemons) ? daemons : [daemons as DaemonProcess];
  let peak = Math.max(...(await Promise.all(all.map((d) => d.rssBytes()))));
  const timer = setInterval(() => void Promise.all(all.map((d) => d.rssBytes())).then((rss) => (peak = Math.max(peak, ...rss)), () => {}), 100);
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

/** Quotes, escrows and waits for the settlement of a `frames`-frame job of `sceneCid` (320x180, 16 spp, a frame a task). */
async function runJob(chain: Awaited<ReturnType<typeof serveLocalChain>>, net: LocalNetwork, url: string, sceneCid: string, frames: number): Promise<void> {
  const answer = await (await fetch(new URL("/graphql", url), {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "mutation ($input: QuoteInput!) { quote(input: $input) { jobId artist sceneWord frameStart frameEnd taskCount workWad pricePerIbmWad fee ibFloorWad keysCommitment expiry deadline managerId signature } }", variables: { input: { artist: net.artist, sceneCid, frameStart: 0, frameEnd: frames - 1, framesPerTask: 1, engine: "pathtracer", width: 320, height: 180, samples: 16, bounces: 4 } } }),
  })).json() as { data?: { quote: Record<string, string> }; errors?: { message: string }[] };
  if (!answer.data) throw new Error(`quote failed: ${answer.errors?.[0]?.message}`);
  const q = answer.data.quote;
  const quote = {
    jobId: q["jobId"] as Hex, artist: q["artist"] as Hex, sceneCid: q["sceneWord"] as Hex, frameStart: Number(q["frameStart"]), frameEnd: Number(q["frameEnd"]), taskCount: Number(q["taskCount"]),
    workWad: BigInt(q["workWad"]!), pricePerIbmWad: BigInt(q["pricePerIbmWad"]!), fee: BigInt(q["fee"]!), ibFloorWad: BigInt(q["ibFloorWad"]!), keysCommitment: q["keysCommitment"] as Hex,
    expiry: BigInt(q["expiry"]!), deadline: BigInt(q["deadline"]!), managerId: BigInt(q["managerId"]!),
  };
  const { viem } = chain.connection;
  const market = await viem.getContractAt("JobMarket", chain.deployment.contracts.JobMarket, { client: { wallet: await viem.getWalletClient(net.artist) } });
  await net.mined(market.write.createJob([quote, q["signature"] as Hex]));
  const client = await viem.getPublicClient();
  for (const started = Date.now(); Date.now() - started < 900_000; await new Promise((resolve) => setTimeout(resolve, 1_000))) {
    const settled = await client.getContractEvents({ address: chain.deployment.contracts.JobMarket, abi: jobMarketAbi, eventName: "JobSettled", args: { jobId: quote.jobId }, fromBlock: 0n });
    if (settled.length > 0) return;
  }
  throw new Error(`job ${quote.jobId} did not settle within 15 minutes`);
}

async function main(): Promise<void> {
  const chain = await serveLocalChain();
  const database = `inferix_bench_keepers_${process.pid}`;
  if (!(await adminQuery(`create database ${database}`, true))) throw new Error("bench:keepers runs the manager on the PostgreSQL server, which is not usable");
  const dataDir = await mkdtemp(join(tmpdir(), "inferix-bench-keepers-"));
  let manager: DaemonProcess | undefined;
  const nodes: DaemonProcess[] = [];
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
    // Workers heartbeat every 10 s under load, as the worker daemon does: the assigner skips workers silent for a minute.
    const beating = setInterval(() => void heartbeat().catch(() => {}), 10_000);
    const assignedAt = performance.now();
    const assignments = await withPeakMemory(manager, async () => {
      let handedOut = 0;
      await Promise.all(net.workerIds.map(async (id) => {
        const e = endpoint(id);
        while (handedOut < TASKS && performance.now() - assignedAt < 300_000) {
          // The worker daemon's own calls: each result goes with its signed TaskResult, checked by the manager.
          const calls = workerCalls(e);
          const live = await calls.assignments();
          handedOut += live.length;
          await Promise.all(live.map((a) => calls.submitResult(a, scene.cid)));
          if (live.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }));
      return handedOut;
    });
    const seconds = (performance.now() - assignedAt) / 1000;
    clearInterval(beating);
    if (assignments.result < TASKS) throw new Error(`only ${assignments.result} of ${TASKS} tasks were handed out in 300 s`);
    if (process.env["IFX_BENCH_DEBUG"]) {
      const served = manager.lines.find((l) => l["msg"] === "metrics served")?.["url"] as string;
      const metrics = await (await fetch(served)).text();
      say(metrics.split("\n").filter((l) => /loop_round_seconds_(sum|count)|api_requests_total/.test(l)).join("\n"));
    }
    const attempts = await open.db.selectFrom("task_attempts").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    // The other workers stop heartbeating here: the real job below must go to the worker daemon.
    await open.db.updateTable("workers").set({ last_seen: new Date(0) }).execute();
    await open.close();
    say(`assignments: ${assignments.result} tasks in ${seconds.toFixed(1)} s = ${(assignments.result / seconds).toFixed(0)}/s (attempt rows ${attempts.n}), peak ${mib(assignments.peak)}`);

    // A real job through a worker daemon and the 3 verifier daemons: their memory at rest and at their peak.
    await chain.rpc("evm_setIntervalMining", [1_000]); // blocks keep coming, as on a live chain (committee draws)
    const nodeEnv = (id: bigint, role: string): Record<string, string> => ({
      IFX_MANAGER_URL: url, IFX_CHAIN_ID: String(chain.deployment.chainId), IFX_NODE_ID: id.toString(), IFX_DATA_DIR: join(dataDir, `${role}-${id}`),
      IFX_PRIVATE_KEY: net.operatorKeys.get(id)!, IFX_POLL_SECONDS: "1", IFX_LOG_LEVEL: "info",
    });
    const workerId = net.workerIds[0]!;
    const worker = spawnDaemon("worker", { ...nodeEnv(workerId, "worker"), IFX_ENGINES: "pathtracer", IFX_SLOTS: "1", IFX_HEARTBEAT_SECONDS: "2" });
    nodes.push(worker);
    const verifiers = net.verifierIds.map((id) => spawnDaemon("verifier", {
      ...nodeEnv(id, "verifier"), IFX_MARKET_ADDRESS: chain.deployment.contracts.JobMarket, IFX_RPC_URL: chain.url, IFX_START_BLOCK: chain.deployment.startBlock.toString(), IFX_SPOT_CHECK: "true", IFX_VERIFIER_SECRET: keccak256(toHex(`spot-${id}`)),
    }));
    nodes.push(...verifiers);
    await Promise.all(nodes.map((n) => n.waitFor((l) => typeof l["msg"] === "string" && / started$/.test(l["msg"] as string), 120_000)));
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const workerRest = await worker.rssBytes();
    const verifierRest = Math.max(...(await Promise.all(verifiers.map((v) => v.rssBytes()))));
    const jobSeconds = performance.now();
    const job = await withPeakMemory(worker, () => withPeakMemory(verifiers, () => runJob(chain, net, url, scene.cid, FRAMES)));
    const jobDone = (performance.now() - jobSeconds) / 1000;
    say(`a ${FRAMES}-frame job settled in ${jobDone.toFixed(0)} s; worker ${mib(workerRest)} at rest, peak ${mib(job.peak)}; verifier ${mib(verifierRest)} at rest, peak ${mib(job.result.peak)}`);

    const code = await manager.stop();
    manager = undefined;
    const rows = [
      ["manager API quotes, same scene and settings (preview reused)", `${repeated.result.perSecond.toFixed(1)} quotes/s`, `${CLIENTS} clients, ${SECONDS} s, ${repeated.result.ok} quotes`, mib(repeated.peak)],
      ["manager API quotes, a preview render each (1920x1080, 100 frames)", `${fresh.result.perSecond.toFixed(2)} quotes/s`, `1 client, ${SECONDS} s, ${fresh.result.ok} quotes`, mib(fresh.peak)],
      ["task assignments through the API (poll, assign, report)", `${(assignments.result / seconds).toFixed(0)} tasks/s`, `${TASKS} tasks, ${WORKERS} workers x ${SLOTS} slots`, mib(assignments.peak)],
    ];
    const table = renderTable(["load", "rate", "how", "manager peak memory"], rows, true);
    const memory = renderTable(["daemon", "at rest", "under load", "load"], [
      ["manager (`ifx manager start`)", mib(atRest), mib(Math.max(repeated.peak, fresh.peak, assignments.peak)), "the loads above"],
      ["worker (`ifx worker start`, 1 slot, 2 threads)", mib(workerRest), mib(job.peak), `rendering a ${FRAMES}-frame job (320x180, 16 spp) to its settlement in ${jobDone.toFixed(0)} s`],
      ["verifier (`ifx verifier start`, spot re-render on; the largest of 3)", mib(verifierRest), mib(job.result.peak), "judging that job's frames (detector + spot re-render), signing its settlement"],
    ], true);
    await writeBenchDocument({
      file: "docs/keepers.md", title: "Keepers under load (manager daemon)", command: "npm run bench:keepers",
      facts: [["chain", "Hardhat (in-process) over loopback HTTP JSON-RPC"], ["database", "the machine's PostgreSQL server"], ["manager memory at rest", `${mib(atRest)} (VmRSS, 10 s after start)`], ["manager exit on SIGTERM", String(code)]],
      body: [table, memory, "Memory is each daemon's resident set (VmRSS) read from /proc every 100 ms, at rest 10 s after start. The manager keeps its state on the PostgreSQL server; the verifiers keep their own verdicts in embedded PGlite (the default), which is most of their resident set. The manager runs as `ifx manager start` in its own process; load comes from this script over loopback, signed as the nodes sign. Quotes are priced over the heartbeating workers; the preview of a new scene or new settings is a real render (one at a time), repeated quotes reuse its timing for ten minutes. Assignment: tasks already marked (marking is measured in `docs/por.md`)."],
    });
    say(`${table}\n\nwrote docs/keepers.md`);
  } finally {
    await manager?.kill();
    await Promise.all(nodes.map((n) => n.kill().catch(() => {})));
    await chain.close();
    await adminQuery(`drop database if exists ${database} with (force)`, false);
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
