import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { createPublicClient, hexToBytes, http, type Hex, type LocalAccount } from "viem";
import type { ManagerEndpoint } from "../daemon/callManager.js";
import { closeOnFailure } from "../daemon/closeOnFailure.js";
import type { DaemonHandle } from "../daemon/daemonHandle.js";
import { InFlightWork } from "../daemon/inFlightWork.js";
import { nodeStorage } from "../daemon/nodeConfig.js";
import { isRetryable, retryCall } from "../daemon/retryCall.js";
import { runLoop } from "../daemon/runLoop.js";
import { stopOnce } from "../daemon/stopOnce.js";
import { createMetrics, type VerifierMetrics } from "../metrics/createMetrics.js";
import { observeLoopRounds } from "../metrics/observeLoopRounds.js";
import { serveMetrics } from "../metrics/serveMetrics.js";
import { openDatabase } from "../db/openDatabase.js";
import type { Database } from "../db/schema.js";
import type { Logger } from "../log/createLogger.js";
import type { ContentStore } from "../storage/contentStore.js";
import { createContentStore } from "../storage/createContentStore.js";
import { judgeAttempt, type JudgeDeps } from "./judgeAttempt.js";
import { signSettlements } from "./signSettlements.js";
import { openVerifierChain } from "./openVerifierChain.js";
import { findOwnVerdict, recordOwnVerdict } from "./ownVerdicts.js";
import { paymentLedger } from "./paymentLedger.js";
import type { VerifierConfig } from "./verifierConfig.js";
import { verifierCalls, type Verification, type VerifierCalls } from "./verifierCalls.js";
import { panelClients } from "./panelClients.js";
import { voteOnPanels } from "./voteOnPanels.js";

export interface VerifierDeps {
  operator: LocalAccount;
  /** The operator's private key: the default encryption key (`ifx node register` registers its public key). */
  operatorKey: Hex;
  logger: Logger;
  /** A store to use instead of the configured one (not closed at stop). */
  store?: ContentStore;
}

interface Context {
  db: Kysely<Database>;
  metrics: VerifierMetrics;
  calls: VerifierCalls;
  nodeId: bigint;
  judge: Omit<JudgeDeps, "signal">;
  attempts: number;
  logger: Logger;
}

/**
 * One attempt: the verdict given before (kept in the verifier's own database) is resubmitted as it was, since the
 * manager still lists the attempt, it never got it; otherwise the attempt is judged, the verdict kept, then sent.
 */
async function handleVerification(v: Verification, context: Context, signal: AbortSignal): Promise<string> {
  const log = context.logger.child({ attemptId: v.attemptId, jobId: v.jobId, taskIndex: v.taskIndex });
  const { statistics, accepted } = await ownVerdictOf(v, context, signal, log);
  const retry = { attempts: context.attempts, backoffMs: 500, signal, logger: log };
  const { outcome } = await retryCall("submitting the verdict", () => context.calls.submitVerdict(v.attemptId, accepted, statistics, signal), retry);
  log.info({ accepted, outcome, resultCid: v.resultCid }, "verdict submitted");
  return accepted ? "accepted" : "rejected";
}

/**
 * This verifier's verdict on an attempt: the one it gave before (kept in its own database), or a fresh judgement, kept
 * before it is used (with the worker whose bound key signed the result and the task's quoted work: a settlement must
 * say the same). A committee member submits it; a dispute panel member votes with it.
 */
async function ownVerdictOf(v: Verification, context: Context, signal: AbortSignal, log: Logger) {
  const kept = await findOwnVerdict(context.db, context.nodeId, v.attemptId);
  if (kept) {
    log.info({ accepted: kept.accepted }, "using the verdict this verifier gave before");
    return kept;
  }
  const { spotRerenders, ...judged } = await judgeAttempt(v, { ...context.judge, signal });
  context.metrics.spotRerenders.inc(spotRerenders);
  const verdict = { attemptId: v.attemptId, jobId: v.jobId, taskIndex: v.taskIndex, resultCid: v.resultCid, ...judged };
  await recordOwnVerdict(context.db, context.nodeId, verdict);
  return verdict;
}

/**
 * The verifier daemon (`ifx verifier start`, keepers/README step 6): polls the rendered attempts of jobs whose
 * committee holds it, judges each (PoR detector, and the spot re-render when configured) and submits a verdict signed
 * by its operator key, keeping every verdict in its own database first: the settlement it signs later must match
 * them, and a restart resubmits rather than judges again. Attempts are judged one at a time: a check costs
 * milliseconds, a spot re-render a small crop.
 */
export async function startVerifier(config: VerifierConfig, deps: VerifierDeps): Promise<DaemonHandle> {
  const logger = deps.logger.child({ component: "verifier", nodeId: config.nodeId.toString() });
  const workRoot = join(config.dataDir, "work");
  await mkdir(workRoot, { recursive: true });
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, "db") });
  const store = deps.store ?? (await closeOnFailure(() => createContentStore(nodeStorage(config), { logger }), database.close));
  const closeStore = async () => void (deps.store ? undefined : await store.close());
  const endpoint: ManagerEndpoint = { url: config.manager.url, chainId: config.manager.chainId, nodeId: config.nodeId, operator: deps.operator };
  const spot = config.spot.enabled && config.spot.secret ? { secret: hexToBytes(config.spot.secret), blenderTolerance: config.spot.blenderTolerance } : undefined;
  const metrics = createMetrics("verifier");
  // Read only, and never the manager's: the job's quote and the worker a result's signer is bound to. Reads retry
  // transport failures with backoff (as the keepers' chain sessions do); what still fails is retried next round.
  const client = createPublicClient({ transport: http(config.rpcUrl, { retryCount: 4, retryDelay: 250 }) });
  const chain = openVerifierChain(client, { chainId: config.manager.chainId, market: config.market, startBlock: config.startBlock, maxRange: config.logRange });
  const context: Context = {
    db: database.db, metrics, calls: verifierCalls(endpoint), nodeId: config.nodeId, attempts: 5, logger,
    judge: {
      store, encryptionKey: config.encryption.privateKey ?? deps.operatorKey, workRoot, chain,
      domain: { chainId: config.manager.chainId, market: config.market }, ...(spot ? { spot } : {}),
    },
  };
  const port = config.metricsPort;
  const metricsServer = port !== undefined ? await closeOnFailure(() => serveMetrics(metrics.registry, { host: "127.0.0.1", port, logger }), closeStore, database.close) : undefined;
  const work = new InFlightWork<number>();
  const skipped = new Set<number>();
  const polling = new AbortController();

  const round = async (signal: AbortSignal) => {
    const pending = (await context.calls.verifications(signal)).filter((v) => !skipped.has(v.attemptId));
    let retryable: unknown;
    for (const v of pending) {
      if (signal.aborted) break;
      await work.start(v.attemptId, async (taskSignal) => {
        const started = performance.now();
        try {
          metrics.verifications.inc({ verdict: await handleVerification(v, context, taskSignal) });
          metrics.verificationSeconds.observe((performance.now() - started) / 1000);
        } catch (error) {
          if (taskSignal.aborted) return void logger.warn({ attemptId: v.attemptId }, "verification cancelled: the verifier is stopping");
          if (isRetryable(error)) retryable = error;
          else skipped.add(v.attemptId);
          metrics.verifications.inc({ verdict: isRetryable(error) ? "retry" : "failed" });
          logger[isRetryable(error) ? "warn" : "error"]({ err: error, attemptId: v.attemptId }, isRetryable(error) ? "verification failed; retried later" : "cannot judge the attempt: skipped");
        }
      });
    }
    if (retryable) throw retryable; // the loop backs off: the manager or the gateway is in trouble
  };

  logger.info({ manager: config.manager.url, spot: spot !== undefined, database: database.kind, store: store.kind }, "verifier started");
  const loop = runLoop("verifications", round, { intervalMs: config.pollSeconds * 1000, signal: polling.signal, logger, onRound: observeLoopRounds(metrics, "verifications") });
  // The committee's other duty (keepers/README step 7): settlements are signed only where they are this verifier's own verdicts.
  const ownVerdict = async (attemptId: number) => findOwnVerdict(database.db, config.nodeId, attemptId).then((v) => v ?? null);
  // A dispute panel member's duty (IJobDisputes): the disputed attempt judged again, the vote sent from the operator key.
  const panelDuty = { calls: context.calls, clients: panelClients(config, deps.operator), market: config.market, skipped: new Set<string>(), logger };
  const panels = runLoop("panels", (signal) => voteOnPanels({
    ...panelDuty,
    judge: (v, taskSignal) => ownVerdictOf(v, context, taskSignal, logger.child({ attemptId: v.attemptId, panel: true })),
  }, signal).then(() => undefined), { intervalMs: config.settlePollSeconds * 1000, signal: polling.signal, logger, onRound: observeLoopRounds(metrics, "panels") });
  const settling = runLoop("settlements", (signal) => signSettlements({ endpoint, market: config.market, ownVerdict, payments: paymentLedger(database.db, config.nodeId), chain, logger }, signal), {
    intervalMs: config.settlePollSeconds * 1000, signal: polling.signal, logger, onRound: observeLoopRounds(metrics, "settlements"),
  });

  const shutDown = async (graceMs: number | null) => {
    polling.abort();
    if (work.size > 0) logger.info({ inFlight: work.keys(), graceMs }, "draining: finishing the verification in flight");
    await work.drain(graceMs ?? 0); // a cancelled verification sends nothing; the attempt is judged after a restart
    await loop;
    await settling;
    await panels;
    await metricsServer?.close();
    await closeStore();
    await database.close();
    logger.info("verifier stopped");
  };
  return {
    ...stopOnce(shutDown, config.drainGraceSeconds * 1000),
    inFlight: () => work.keys().map((attemptId) => ({ attemptId, fraction: 0 })),
    ...(metricsServer ? { metricsPort: metricsServer.port } : {}),
  };
}
