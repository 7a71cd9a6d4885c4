import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { isAddressEqual, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { NonceWindow } from "../../auth/nonceWindow.js";
import { openChainSession } from "../../chain/openChainSession.js";
import { ConfigError } from "../../config/loadConfig.js";
import type { DaemonHandle } from "../../daemon/daemonHandle.js";
import { pause, runLoop } from "../../daemon/runLoop.js";
import { openDatabase, type OpenDatabase } from "../../db/openDatabase.js";
import type { Logger } from "../../log/createLogger.js";
import { createContentStore } from "../../storage/createContentStore.js";
import type { ContentStore } from "../../storage/contentStore.js";
import { createMetrics } from "../../metrics/createMetrics.js";
import { observeLoopRounds } from "../../metrics/observeLoopRounds.js";
import { serveMetrics } from "../../metrics/serveMetrics.js";
import type { QuotingDeps } from "../api/managerApiDeps.js";
import { readNodeView } from "../api/readNodeView.js";
import { benchmarkRound } from "../benchmarks/benchmarkRound.js";
import { runEpochKeeperRound } from "../epochs/runEpochKeeperRound.js";
import { createManagerServer } from "../http/createManagerServer.js";
import type { ManagerConfig } from "./managerConfig.js";
import { assignRound, intakeRound, settleRound, type RoundDeps } from "./managerRounds.js";

/** `INodeLicense.Kind.Manager`. */
const MANAGER_KIND = 2;
/** Agreeing verdicts that make a task final (WP §III-F3). */
const VERDICT_THRESHOLD = 2;

export interface RunningManager extends DaemonHandle {
  /** The API's base URL (GraphQL at /graphql, blocks at /ipfs, uploads at /upload). */
  url: string;
  /** GET <metricsUrl>/metrics, when a metrics port is configured. */
  metricsUrl?: string;
  db: OpenDatabase["db"];
  store: ContentStore;
  /** Stops taking work, lets rounds in progress finish within `graceMs`, then closes everything. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when the daemon has stopped. */
  done: Promise<void>;
}

/** Closes what was opened, last first, logging (not throwing) what fails to close. */
async function closeAll(closers: (() => Promise<unknown>)[], logger: Logger): Promise<void> {
  for (const close of closers.reverse()) await close().catch((error: unknown) => logger.warn({ err: error }, "closing failed"));
}

/**
 * The manager daemon (`ifx manager start`): checks that its key operates its manager license, opens its database and
 * content store, serves the API, and runs its rounds (intake, assignment, settlement) each in its own loop with
 * backoff. State lives in the database and the store: killed at any point, a restart resumes (keepers/README).
 */
export async function startManager(config: ManagerConfig, secrets: { privateKey: Hex; porSecret: Uint8Array }, logger: Logger): Promise<RunningManager> {
  const session = await openChainSession(config.chain, secrets.privateKey);
  const node = await session.contracts.registry.read.node([config.managerId]);
  if (!node.registered || node.kind !== MANAGER_KIND) throw new ConfigError(`license ${config.managerId} is not a registered manager node`);
  if (!isAddressEqual(node.operator, session.wallet.account.address)) {
    throw new ConfigError(`the signing key is ${session.wallet.account.address}, but manager ${config.managerId} is operated by ${node.operator}`);
  }
  if ((await session.publicClient.getBalance({ address: session.wallet.account.address })) === 0n) {
    logger.warn({ operator: session.wallet.account.address }, "the operator key holds no ETH: the manager cannot send transactions (committee draws, settlements, keeper duties)");
  }
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const open = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, "db") });
    closers.push(() => open.close());
    const store = await createContentStore(config.storage ?? { kind: "helia", dir: join(config.dataDir, "blocks") }, { logger });
    closers.push(() => store.close());
    const metrics = createMetrics("manager");
    let metricsUrl: string | undefined;
    if (config.metricsPort !== undefined) {
      const served = await serveMetrics(metrics.registry, { host: config.listen.host, port: config.metricsPort, logger });
      closers.push(() => served.close());
      metricsUrl = served.url;
      logger.info({ url: `${served.url}/metrics` }, "metrics served");
    }
    const quoting: QuotingDeps = {
      identity: { managerId: config.managerId, operator: privateKeyToAccount(secrets.privateKey), porSecret: secrets.porSecret, chainId: session.chainId, market: session.deployment.contracts.JobMarket },
      // A benchmarked manager prices previews by its own IB; one never benchmarked counts as the reference machine.
      managerIbWad: node.ibWad > 0n ? node.ibWad : 10n ** 18n,
      sceneCacheDir: join(config.dataDir, "scenes"),
      chainSeconds: async () => Number((await session.publicClient.getBlock()).timestamp),
      heartbeatTimeoutSeconds: config.tasks.heartbeatTimeoutSeconds,
    };
    const server = createManagerServer({
      quoting, metrics, db: open.db, chainId: session.chainId, market: session.deployment.contracts.JobMarket, nodeView: readNodeView(session.contracts),
      nonces: new NonceWindow(), verdictThreshold: VERDICT_THRESHOLD, logger: logger.child({ component: "api" }), store,
    });
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(config.listen.port, config.listen.host, resolve));
    closers.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));
    const address = server.address() as AddressInfo;
    const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
    const deps: RoundDeps = {
      db: open.db, store, porSecret: secrets.porSecret, config, logger, metrics,
      clients: { publicClient: session.publicClient, wallet: session.wallet, receiptTimeoutMs: config.chain.receiptTimeoutMs },
      contracts: { market: session.deployment.contracts.JobMarket, disputes: session.deployment.contracts.JobDisputes, params: session.deployment.contracts.ParameterRegistry },
      reader: { market: session.deployment.contracts.JobMarket, managerId: config.managerId, startBlock: session.deployment.startBlock, confirmations: config.confirmations, maxRange: config.maxLogRange },
    };
    const controller = new AbortController();
    const loop = (name: string, intervalMs: number, round: (signal: AbortSignal) => Promise<unknown>) =>
      runLoop(name, round, { intervalMs, signal: controller.signal, logger: logger.child({ component: name }), onRound: observeLoopRounds(metrics, name) });
    const epochs = { scanFrom: 0n };
    const done = Promise.all([
      loop("intake", config.loops.intakeMs, (signal) => intakeRound({ ...deps, logger: logger.child({ component: "intake" }) }, signal)),
      loop("assign", config.loops.assignMs, () => assignRound({ ...deps, logger: logger.child({ component: "assign" }) })),
      loop("settle", config.loops.settleMs, () => settleRound({ ...deps, logger: logger.child({ component: "settle" }) })),
      loop("epochs", config.loops.epochMs, () => runEpochKeeperRound({ contracts: session.contracts, clients: deps.clients, logger }, epochs)),
      loop("benchmarks", config.loops.benchmarkMs, () => benchmarkRound({
        db: open.db, store, clients: deps.clients, logger: logger.child({ component: "benchmarks" }),
        contracts: { registry: session.deployment.contracts.NodeRegistry, params: session.deployment.contracts.ParameterRegistry, clock: session.deployment.contracts.EpochClock },
        config: { heartbeatTimeoutSeconds: config.tasks.heartbeatTimeoutSeconds, timeoutSeconds: config.benchmarks.timeoutSeconds, ...(config.benchmarks.intervalSeconds ? { intervalSeconds: config.benchmarks.intervalSeconds } : {}) },
      })),
    ]).then(() => undefined);
    logger.info({ url, managerId: config.managerId.toString(), database: open.kind, chainId: session.chainId }, "manager started");
    let stopping: Promise<void> | undefined;
    const stop = (graceMs = config.drainGraceSeconds * 1000) => (stopping ??= (async () => {
      logger.info({ graceMs }, "manager stopping: rounds in progress may finish");
      controller.abort();
      const grace = new AbortController();
      const drained = await Promise.race([done.then(() => true), pause(graceMs, grace.signal).then(() => false)]);
      grace.abort();
      if (!drained) logger.warn("rounds still running after the grace period; closing anyway (their effects are idempotent)");
      await closeAll(closers, logger);
      logger.info("manager stopped");
    })());
    // The manager's work is rounds, each idempotent: a kill is a stop without grace.
    return { url, ...(metricsUrl ? { metricsUrl } : {}), db: open.db, store, stop, kill: () => stop(0), done, inFlight: () => [] };
  } catch (error) {
    await closeAll(closers, logger);
    throw error;
  }
}
