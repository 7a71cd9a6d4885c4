import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pino } from "pino";
import { keccak256, parseEventLogs, toHex, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobDisputesAbi, jobMarketAbi, nodeStakingAbi, parameterRegistryAbi } from "../../../keepers/chain/abis.generated.js";
import { paramKey } from "../../../keepers/chain/paramKeys.js";
import { openDatabase, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import { sampleScene } from "../../../keepers/engines/index.js";
import { createHeliaStore } from "../../../keepers/storage/heliaStore.js";
import { runTask } from "../../../keepers/worker/runTask.js";
import { workerCalls } from "../../../keepers/worker/workerCalls.js";
import { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { spawnDaemon, type DaemonProcess } from "../../../scripts/lib/spawnDaemon.js";
import { actAsContract } from "../helpers/actAsContract.js";
import { localKey, runCli, serveLocalChain, type LocalChain } from "../helpers/serveLocalChain.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";
import { adminQuery, postgresServerFor, SERVER } from "../helpers/testDatabases.js";
import { until } from "../helpers/until.js";

const ARTIST = 14;
const logger = pino({ level: "silent" });

/**
 * The network on one machine, every daemon its own `ifx ... start` process against a chain over HTTP JSON-RPC: a job
 * submitted with `ifx submit` completes and is settled on-chain although a worker is killed (kill -9) mid-task and the
 * manager is killed and restarted mid-job (one settlement, the work paid once); the artist disputes an honest frame of
 * it and the one verifier outside the committee, drawn as the dispute's panel, judges it again and dismisses it; a
 * worker that returns cheap 1-spp renders is rejected by the committee's spot re-render and slashed in the
 * settlement, and its tasks are redone.
 */
const postgres = await postgresServerFor("the daemons end-to-end suite");

describe.skipIf(!postgres)("the daemons end to end: faults on the way to a settled job", () => {
  let chain: LocalChain;
  let net: LocalNetwork;
  let dir: string;
  let database: string;
  let databaseUrl: string;
  let db: OpenDatabase;
  let manager: DaemonProcess;
  let managerUrl: string;
  const daemons: DaemonProcess[] = [];
  const workers = new Map<bigint, DaemonProcess>();
  let managerEnv: Record<string, string>;
  let settledJob: Hex;

  const startManager = async () => {
    manager = spawnDaemon("manager", managerEnv);
    daemons.push(manager);
    managerUrl = (await manager.waitFor((l) => l["msg"] === "manager started", 120_000))["url"] as string;
    managerEnv["IFX_LISTEN_PORT"] = new URL(managerUrl).port; // a restarted manager is found where it was
  };
  const nodeEnv = (id: bigint, role: string): Record<string, string> => ({
    IFX_MANAGER_URL: managerUrl, IFX_CHAIN_ID: String(chain.deployment.chainId), IFX_NODE_ID: id.toString(), IFX_DATA_DIR: join(dir, `${role}-${id}`),
    IFX_PRIVATE_KEY: net.operatorKeys.get(id)!, IFX_POLL_SECONDS: "0.5", IFX_DRAIN_GRACE_SECONDS: "5",
  });
  const startWorker = async (id: bigint) => {
    const worker = spawnDaemon("worker", { ...nodeEnv(id, "worker"), IFX_ENGINES: "pathtracer", IFX_SLOTS: "1", IFX_THREADS: "1", IFX_HEARTBEAT_SECONDS: "1" });
    daemons.push(worker);
    workers.set(id, worker);
    await worker.waitFor((l) => l["msg"] === "worker started");
    // Quotes price over live workers: wait until the manager has its heartbeat.
    await until("the worker's heartbeat", async () => db.db.selectFrom("workers").select("worker_id").where("worker_id", "=", id.toString()).where("last_seen", ">", new Date(Date.now() - 5_000)).executeTakeFirst());
    return worker;
  };
  const artistEnv = () => ({ IFX_RPC_URL: chain.url, IFX_DEPLOYMENT: chain.deploymentFile, IFX_PRIVATE_KEY: localKey(ARTIST), IFX_MANAGER_URL: managerUrl });
  const submit = async (frames: string) => {
    const env = artistEnv();
    const scene = (await sampleScene("room")).path;
    const submitted = await runCli(["submit", scene, "--frames", frames, "--frames-per-task", "1", "--resolution", "160x90", "--samples", "16", "--bounces", "2", "--yes", "--json"], env);
    expect(submitted.code, submitted.err).toBe(0);
    return (JSON.parse(submitted.out) as { jobId: Hex }).jobId;
  };
  const settledEvents = async (jobId: Hex) => {
    const client = await chain.connection.viem.getPublicClient();
    return client.getContractEvents({ address: chain.deployment.contracts.JobMarket, abi: jobMarketAbi, eventName: "JobSettled", args: { jobId }, fromBlock: 0n, strict: true });
  };
  const jobStatus = async (jobId: Hex) => (await db.db.selectFrom("jobs").select("status").where("id", "=", jobId.toLowerCase()).executeTakeFirst())?.status;

  beforeAll(async () => {
    chain = await serveLocalChain();
    net = new LocalNetwork(chain.connection, chain.deployment, privateKeyToAddress(localKey(13)), privateKeyToAddress(localKey(ARTIST)));
    // Four verifiers: a committee of three, and one outside it to sit on a dispute's panel (of one, set below).
    await net.start(4, [24_000n, 24_000n, 24_000n]);
    const timelock = await actAsContract(chain.connection, chain.deployment.contracts.IFXTimelock);
    const dao = await chain.connection.viem.getWalletClient(timelock);
    await net.mined(dao.writeContract({ address: chain.deployment.contracts.ParameterRegistry, abi: parameterRegistryAbi, functionName: "set", args: [paramKey("disputePanelSize"), 1n] }));
    // Blocks come every second, as on a live chain (a committee is drawn from a block mined after the job's).
    await chain.rpc("evm_setIntervalMining", [1_000]);
    dir = await tempDir("inferix-e2e-");
    database = `inferix_e2e_${process.pid}_${Date.now()}`;
    if (!(await adminQuery(`create database ${database}`, true))) throw new Error(`the end-to-end test needs the PostgreSQL server at ${SERVER.replace(/\/\/[^@]*@/, "//")}`);
    databaseUrl = SERVER.replace(/\/[^/]*$/, `/${database}`);
    managerEnv = {
      IFX_RPC_URL: chain.url, IFX_DEPLOYMENT: chain.deploymentFile, IFX_MANAGER_ID: net.managerId.toString(), IFX_PRIVATE_KEY: net.operatorKeys.get(net.managerId)!,
      IFX_POR_SECRET: keccak256(toHex("e2e")), IFX_DATA_DIR: join(dir, "manager"), DATABASE_URL: databaseUrl, IFX_LISTEN_PORT: "0",
      IFX_TASK_TIMEOUT_SECONDS: "30", IFX_DRAIN_GRACE_SECONDS: "5",
    };
    await startManager();
    db = await openDatabase({ url: databaseUrl });
    for (const id of net.verifierIds) {
      daemons.push(spawnDaemon("verifier", {
        ...nodeEnv(id, "verifier"), IFX_MARKET_ADDRESS: chain.deployment.contracts.JobMarket, IFX_RPC_URL: chain.url, IFX_START_BLOCK: chain.deployment.startBlock.toString(), IFX_SPOT_CHECK: "true", IFX_VERIFIER_SECRET: keccak256(toHex(`spot-${id}`)),
      }));
    }
  }, 240_000);
  afterAll(async () => {
    await Promise.all(daemons.map((d) => d.kill().catch(() => {})));
    // IFX_E2E_LOGS=<dir> keeps every daemon's log lines for a look after a failure.
    const keep = process.env["IFX_E2E_LOGS"];
    if (keep) await Promise.all(daemons.map((d, i) => writeFile(join(keep, `${i}-${d.pid}.jsonl`), d.lines.map((l) => JSON.stringify(l)).join("\n"))));
    await db?.close();
    await chain?.close();
    if (database) await adminQuery(`drop database if exists ${database} with (force)`, false);
    await cleanup(dir);
  });

  it("completes and settles a job once although a worker is killed mid-task and the manager is killed mid-job", async () => {
    const [w1, w2] = net.workerIds as [bigint, bigint, bigint];
    const first = await startWorker(w1);
    const jobId = await submit("0-3");
    // w1 (one slot) starts its first task: kill -9 it while it renders.
    const rendering = await first.waitFor((l) => l["msg"] === "rendering task", 180_000);
    await first.kill();
    const killedAttempt = rendering["attemptId"] as number;
    await startWorker(w2);
    // The killed attempt times out and goes to w2; once a task is accepted, the manager is killed and restarted.
    await until("a first accepted task", async () => (await db.db.selectFrom("tasks").select("status").where("job_id", "=", jobId.toLowerCase()).where("status", "=", "accepted").execute()).length > 0, 180_000);
    await manager.kill();
    await startManager();
    await until("the job settled", async () => (await jobStatus(jobId)) === "settled" && (await settledEvents(jobId)).length > 0, 300_000);
    const killed = await db.db.selectFrom("task_attempts").select(["status", "worker_id"]).where("id", "=", killedAttempt).executeTakeFirstOrThrow();
    expect(killed).toEqual({ status: "timed_out", worker_id: w1.toString() });
    const events = await settledEvents(jobId);
    expect(events).toHaveLength(1);
    const onChain = await (await chain.connection.viem.getPublicClient()).readContract({ address: chain.deployment.contracts.JobMarket, abi: jobMarketAbi, functionName: "job", args: [jobId] });
    expect(events[0]!.args.paidWorkWad).toBe(onChain.workWad); // all the quoted work, paid once
    expect(onChain.paidWorkWad).toBe(onChain.workWad);
    expect(onChain.settlements).toBe(1);
    // Another manager round changes nothing: the settlement is confirmed, not sent again.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await settledEvents(jobId)).toHaveLength(1);
    settledJob = jobId;
  }, 600_000);

  it("rejects a worker's 1-spp renders by the committee's spot re-render, slashes it in the settlement and redoes its tasks", async () => {
    const [, w2, cheat] = net.workerIds as [bigint, bigint, bigint];
    await workers.get(w2)!.stop(); // the cheat gets the tasks first
    const cheatEndpoint = { url: managerUrl, chainId: chain.deployment.chainId, nodeId: cheat, operator: net.operators.get(cheat)! };
    const calls = workerCalls(cheatEndpoint);
    const store = await createHeliaStore({ dir: join(dir, "cheat"), gateways: [managerUrl] });
    await mkdir(join(dir, "cheat-work"), { recursive: true });
    const publicClient = await chain.connection.viem.getPublicClient();
    const stakeBefore = await publicClient.readContract({ address: chain.deployment.contracts.NodeStaking, abi: nodeStakingAbi, functionName: "stakeOf", args: [cheat] });
    try {
      await calls.heartbeat(["pathtracer"], 4, []);
      const jobId = await submit("0-1");
      // Each task the cheat gets is "rendered" at 1 sample per pixel (its marks are exact at any sample count) and reported.
      const forged = new Set<number>();
      await until("the cheat's two forged results", async () => {
        await calls.heartbeat(["pathtracer"], 4, []);
        for (const task of (await calls.assignments()).filter((a) => a.jobId === jobId.toLowerCase() && !forged.has(a.attemptId))) {
          await runTask({ ...task, samples: 1 }, { endpoint: cheatEndpoint, calls, store, engines: ["pathtracer"], threads: 1, workRoot: join(dir, "cheat-work"), onProgress: () => {}, retry: { attempts: 3, backoffMs: 200, logger, signal: AbortSignal.timeout(120_000) } });
          forged.add(task.attemptId);
        }
        return forged.size >= 2;
      }, 180_000, 500);
      await until("both cheap renders rejected", async () => (await db.db.selectFrom("task_attempts").select("status").where("worker_id", "=", cheat.toString()).where("status", "=", "rejected").execute()).length === 2, 180_000);
      await startWorker(w2);
      await until("the job settled", async () => (await jobStatus(jobId)) === "settled", 300_000);
      const [settled] = await settledEvents(jobId);
      const receipt = await publicClient.getTransactionReceipt({ hash: settled!.transactionHash });
      const slashes = parseEventLogs({ abi: nodeStakingAbi, logs: receipt.logs, eventName: "Slashed" });
      expect(slashes.map((s) => (s.args as { licenseId: bigint }).licenseId)).toEqual([cheat, cheat]);
      const stakeAfter = await publicClient.readContract({ address: chain.deployment.contracts.NodeStaking, abi: nodeStakingAbi, functionName: "stakeOf", args: [cheat] });
      expect(stakeAfter).toBeLessThan(stakeBefore);
      const accepted = await db.db.selectFrom("task_attempts").select("worker_id").where("job_id", "=", jobId.toLowerCase()).where("status", "=", "accepted").execute();
      expect(accepted.map((a) => a.worker_id)).toEqual([w2.toString(), w2.toString()]);
    } finally {
      await store.close();
    }
  }, 600_000);
  it("judges an artist's dispute of an honest frame by a fresh panel: the verifier outside the committee dismisses it, the bond is spent", async () => {
    const opened = await runCli(["dispute", settledJob, "--task", "0", "--json"], artistEnv());
    expect(opened.code, opened.err).toBe(0);
    const client = await chain.connection.viem.getPublicClient();
    const disputes = { address: chain.deployment.contracts.JobDisputes, abi: jobDisputesAbi, args: { jobId: settledJob }, fromBlock: 0n, strict: true } as const;
    // The manager draws the panel once the block after the opening is mined; the panel's verifier judges and votes.
    const [ruled] = await until("the panel's ruling", async () => {
      const events = await client.getContractEvents({ ...disputes, eventName: "DisputeRuled" });
      return events.length > 0 ? events : undefined;
    }, 240_000, 500);
    expect(ruled!.args.upheld).toBe(false); // an honest frame passes the PoR check and the spot re-render again
    const [drawn] = await client.getContractEvents({ ...disputes, eventName: "DisputePanelDrawn" });
    const [committee] = await client.getContractEvents({ address: chain.deployment.contracts.JobMarket, abi: jobMarketAbi, eventName: "CommitteeDrawn", args: { jobId: settledJob }, fromBlock: 0n, strict: true });
    const committeeIds = committee!.args.committee.map((s) => s.verifierId);
    expect(drawn!.args.panel.map((s) => s.verifierId).filter((id) => committeeIds.includes(id))).toEqual([]);
    const status = await runCli(["dispute", settledJob, "--task", "0", "--status"], artistEnv());
    expect(status.out).toMatch(/panel: 1 of 1 voted \(upheld 0, dismissed 1\), ruled dismissed at/);
    expect(status.out).toMatch(/appeal: the artist may appeal to the DAO from .* until /);
    // Nobody appeals: after the appeal window anyone ends it as the panel ruled (the chain's clock jumps a day: this
    // case runs last of the jobs, so no quote or price of another case sees the jump).
    await chain.rpc("evm_increaseTime", [86_400 + 1]);
    await chain.rpc("evm_mine", []);
    const ended = await runCli(["dispute", settledJob, "--task", "0", "--finalize"], artistEnv());
    expect(ended.code, ended.err).toBe(0);
    const [resolved] = await client.getContractEvents({ ...disputes, eventName: "DisputeResolved" });
    expect(resolved!.args).toMatchObject({ upheld: false, lapsed: false, byDao: false, bondReturned: 0n, refunded: 0n });
  }, 600_000);

  it("stops every daemon still running on SIGTERM: each drains and exits 0, the manager too", async () => {
    const running = daemons.filter((d) => d.child.exitCode === null && d.child.signalCode === null);
    expect(running).toContain(manager);
    expect(running.length).toBeGreaterThanOrEqual(6); // the manager, four verifiers, the honest worker
    const codes = await Promise.all(running.map((d) => d.stop(30_000)));
    expect(codes).toEqual(running.map(() => 0));
    for (const d of running) {
      const messages = d.lines.map((l) => l["msg"]);
      expect(messages).toContain("signal received: draining, then stopping (send it again to stop at once)");
      expect(String(messages.at(-1))).toMatch(/^(manager|worker|verifier) stopped$/);
    }
  }, 120_000);
});
