import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { jobMarketAbi } from "../../../keepers/chain/abis.generated.js";
import { openChainSession, type WritableChainSession } from "../../../keepers/chain/openChainSession.js";
import type { QuoteAnswer } from "../../../keepers/cli/artist/requestQuote.js";
import { openDatabase, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import { sampleScene } from "../../../keepers/engines/index.js";
import { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { spawnDaemon, type DaemonProcess } from "../../../scripts/lib/spawnDaemon.js";
import { startFlakyRpcProxy, type FlakyRpcProxy } from "../helpers/flakyRpcProxy.js";
import { localKey, runCli, serveLocalChain, type LocalChain } from "../helpers/serveLocalChain.js";
import { adminQuery, SERVER } from "../helpers/testDatabases.js";
import { until } from "../helpers/until.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";

export const ARTIST = 14;
/** Small jobs, as in daemons.e2e: a frame renders in well under a second. */
export const JOB_FLAGS = ["--frames-per-task", "1", "--resolution", "160x90", "--samples", "16", "--bounces", "2"];

/**
 * One network for the fault scenarios: a chain over HTTP, the manager behind a flaky RPC proxy (the only daemon that
 * talks to the chain), three verifiers and two workers, every daemon its own `ifx ... start` process. The artist (CLI
 * and direct calls) reaches the chain itself, so an outage of the proxy is the daemons' alone.
 */
export class FaultNetwork {
  chain!: LocalChain;
  net!: LocalNetwork;
  proxy!: FlakyRpcProxy;
  db!: OpenDatabase;
  manager!: DaemonProcess;
  managerUrl!: string;
  artist!: WritableChainSession;
  scenePath!: string;
  readonly daemons: DaemonProcess[] = [];
  readonly workers: DaemonProcess[] = [];
  private dir = "";
  private database = "";

  async start(): Promise<void> {
    this.chain = await serveLocalChain();
    const chain = this.chain;
    this.net = new LocalNetwork(chain.connection, chain.deployment, privateKeyToAddress(localKey(13)), privateKeyToAddress(localKey(ARTIST)));
    await this.net.start(3, [24_000n, 24_000n]);
    // Blocks every second, as on a live chain (a committee is drawn from a block mined after the job's).
    await chain.rpc("evm_setIntervalMining", [1_000]);
    this.proxy = await startFlakyRpcProxy(chain.url);
    this.dir = await tempDir("inferix-faults-");
    this.database = `inferix_faults_${process.pid}_${Date.now()}`;
    if (!(await adminQuery(`create database ${this.database}`, true))) throw new Error(`the fault suite needs the PostgreSQL server at ${SERVER.replace(/\/\/[^@]*@/, "//")}`);
    const databaseUrl = SERVER.replace(/\/[^/]*$/, `/${this.database}`);
    this.manager = this.spawn("manager", {
      IFX_RPC_URL: this.proxy.url, IFX_DEPLOYMENT: chain.deploymentFile, IFX_MANAGER_ID: this.net.managerId.toString(), IFX_PRIVATE_KEY: this.net.operatorKeys.get(this.net.managerId)!,
      IFX_POR_SECRET: keccak256(toHex("faults")), IFX_DATA_DIR: join(this.dir, "manager"), DATABASE_URL: databaseUrl, IFX_LISTEN_PORT: "0",
      IFX_TASK_TIMEOUT_SECONDS: "20", IFX_DRAIN_GRACE_SECONDS: "5", IFX_RECEIPT_TIMEOUT_MS: "15000",
    });
    this.managerUrl = (await this.manager.waitFor((l) => l["msg"] === "manager started", 120_000))["url"] as string;
    this.db = await openDatabase({ url: databaseUrl });
    for (const id of this.net.verifierIds) this.spawn("verifier", { ...this.nodeEnv(id, "verifier"), IFX_MARKET_ADDRESS: chain.deployment.contracts.JobMarket, IFX_RPC_URL: chain.url, IFX_START_BLOCK: chain.deployment.startBlock.toString() });
    for (const id of this.net.workerIds) {
      const worker = this.spawn("worker", { ...this.nodeEnv(id, "worker"), IFX_ENGINES: "pathtracer", IFX_SLOTS: "1", IFX_THREADS: "1", IFX_HEARTBEAT_SECONDS: "1" });
      this.workers.push(worker);
      await worker.waitFor((l) => l["msg"] === "worker started");
    }
    // Quotes price over live workers: wait until the manager has both heartbeats.
    await until("the workers' heartbeats", async () => (await this.db.db.selectFrom("workers").select("worker_id").where("last_seen", ">", new Date(Date.now() - 5_000)).execute()).length === 2);
    this.artist = await openChainSession({ rpcUrl: chain.url, deploymentFile: chain.deploymentFile, receiptTimeoutMs: 30_000 }, localKey(ARTIST));
    this.scenePath = (await sampleScene("room")).path;
  }

  async stop(): Promise<void> {
    await Promise.all(this.daemons.map((d) => d.kill().catch(() => {})));
    // IFX_E2E_LOGS=<dir> keeps every daemon's log lines for a look after a failure.
    const keep = process.env["IFX_E2E_LOGS"];
    if (keep) await Promise.all(this.daemons.map((d, i) => writeFile(join(keep, `faults-${i}-${d.pid}.jsonl`), d.lines.map((l) => JSON.stringify(l)).join("\n"))));
    await this.db?.close();
    await this.proxy?.close();
    await this.chain?.close();
    if (this.database) await adminQuery(`drop database if exists ${this.database} with (force)`, false);
    if (this.dir) await cleanup(this.dir);
  }

  private spawn(role: "manager" | "worker" | "verifier", env: Record<string, string>): DaemonProcess {
    const daemon = spawnDaemon(role, env);
    this.daemons.push(daemon);
    return daemon;
  }

  private nodeEnv(id: bigint, role: string): Record<string, string> {
    return {
      IFX_MANAGER_URL: this.managerUrl, IFX_CHAIN_ID: String(this.chain.deployment.chainId), IFX_NODE_ID: id.toString(), IFX_DATA_DIR: join(this.dir, `${role}-${id}`),
      IFX_PRIVATE_KEY: this.net.operatorKeys.get(id)!, IFX_POLL_SECONDS: "0.5", IFX_DRAIN_GRACE_SECONDS: "5",
    };
  }

  /** The artist's CLI environment: the chain directly, the manager over HTTP. */
  cliEnv(): Record<string, string> {
    return { IFX_RPC_URL: this.chain.url, IFX_DEPLOYMENT: this.chain.deploymentFile, IFX_PRIVATE_KEY: localKey(ARTIST), IFX_MANAGER_URL: this.managerUrl };
  }

  /** `ifx submit` of the sample scene; the job id. */
  async submit(frames: string): Promise<Hex> {
    const submitted = await runCli(["submit", this.scenePath, "--frames", frames, ...JOB_FLAGS, "--yes", "--json"], this.cliEnv());
    expect(submitted.code, submitted.err).toBe(0);
    return (JSON.parse(submitted.out) as { jobId: Hex }).jobId;
  }

  /** `ifx quote --json` of an uploaded scene: the signed quote, as createJob takes it once through `quoteStruct`. */
  async quote(sceneCid: string, frames: string): Promise<QuoteAnswer> {
    const quoted = await runCli(["quote", "--scene-cid", sceneCid, "--frames", frames, ...JOB_FLAGS, "--json"], this.cliEnv());
    expect(quoted.code, quoted.err).toBe(0);
    return JSON.parse(quoted.out) as QuoteAnswer;
  }

  /** The artist's scene in the manager's store (POST /scenes): its CID. */
  async upload(bytes: Uint8Array): Promise<string> {
    const response = await fetch(`${this.managerUrl}/scenes`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: new Uint8Array(bytes) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { cid: string }).cid;
  }

  async credits(): Promise<bigint> {
    return this.artist.contracts.credits.read.balanceOf([this.artist.wallet.account.address]);
  }

  /** The market's events of one job (one query each: viem types the arguments per event). */
  async marketEvents(eventName: "JobSettled", jobId: Hex): Promise<Awaited<ReturnType<FaultNetwork["settledEvents"]>>>;
  async marketEvents(eventName: "JobCreated" | "JobClosed" | "CancelFeeCharged", jobId: Hex): Promise<{ args: Record<string, unknown> }[]>;
  async marketEvents(eventName: "JobSettled" | "JobCreated" | "JobClosed" | "CancelFeeCharged", jobId: Hex): Promise<unknown[]> {
    if (eventName === "JobSettled") return this.settledEvents(jobId);
    const client = this.artist.publicClient;
    const address = this.chain.deployment.contracts.JobMarket;
    if (eventName === "CancelFeeCharged") return client.getContractEvents({ address, abi: jobMarketAbi, eventName, args: { jobId }, fromBlock: 0n, strict: true });
    return eventName === "JobCreated"
      ? client.getContractEvents({ address, abi: jobMarketAbi, eventName, args: { jobId }, fromBlock: 0n, strict: true })
      : client.getContractEvents({ address, abi: jobMarketAbi, eventName, args: { jobId }, fromBlock: 0n, strict: true });
  }

  settledEvents(jobId: Hex) {
    return this.artist.publicClient.getContractEvents({ address: this.chain.deployment.contracts.JobMarket, abi: jobMarketAbi, eventName: "JobSettled", args: { jobId }, fromBlock: 0n, strict: true });
  }

  async onChainJob(jobId: Hex) {
    return this.artist.publicClient.readContract({ address: this.chain.deployment.contracts.JobMarket, abi: jobMarketAbi, functionName: "job", args: [jobId] });
  }

  async jobStatus(jobId: Hex): Promise<string | undefined> {
    return (await this.db.db.selectFrom("jobs").select("status").where("id", "=", jobId.toLowerCase()).executeTakeFirst())?.status;
  }

  /**
   * Waits for the job's settlement and checks that nothing is lost or paid twice: ONE JobSettled, all the quoted work
   * paid, the job completed on-chain and settled in the manager's database. Returns the settlement event.
   */
  async settledOnce(jobId: Hex, timeoutMs = 240_000) {
    await until(`job ${jobId} settled`, async () => (await this.jobStatus(jobId)) === "settled" && (await this.marketEvents("JobSettled", jobId)).length > 0, timeoutMs, 500);
    const events = await this.marketEvents("JobSettled", jobId);
    expect(events).toHaveLength(1);
    const job = await this.onChainJob(jobId);
    expect(events[0]!.args.paidWorkWad).toBe(job.workWad);
    expect(job.paidWorkWad).toBe(job.workWad);
    expect(job.settlements).toBe(1);
    expect(events[0]!.args.completed).toBe(true);
    return events[0]!;
  }
}
