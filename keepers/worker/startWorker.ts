import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { LocalAccount } from "viem";
import type { ManagerEndpoint } from "../daemon/callManager.js";
import type { DaemonHandle } from "../daemon/daemonHandle.js";
import { InFlightWork } from "../daemon/inFlightWork.js";
import { nodeStorage } from "../daemon/nodeConfig.js";
import { isRetryable, retryCall } from "../daemon/retryCall.js";
import { runLoop } from "../daemon/runLoop.js";
import { createDaemonMetrics, serveMetrics } from "../daemon/serveMetrics.js";
import type { EngineId } from "../engines/index.js";
import type { Logger } from "../log/createLogger.js";
import type { ContentStore } from "../storage/contentStore.js";
import { createContentStore } from "../storage/createContentStore.js";
import { detectEngines } from "./detectEngines.js";
import { runTask } from "./runTask.js";
import type { WorkerConfig } from "./workerConfig.js";
import { workerCalls, type Assignment, type WorkerCalls } from "./workerCalls.js";

export interface WorkerDeps {
  operator: LocalAccount;
  logger: Logger;
  /** A store to use instead of the configured one (not closed at stop). */
  store?: ContentStore;
}

/** A task that failed retryably waits this long (doubled per failure) before the next poll may start it again. */
const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 120_000;

/**
 * The worker daemon (`ifx worker start`, keepers/README steps 4-5): heartbeats with its engines, free slots and the
 * progress of its tasks; polls its assignments and renders up to `slots` at once; uploads the frames and reports each
 * result signed by its operator key. Everything it needs after a restart is in the manager's database: the first poll
 * returns the live assignments, which are rendered again (deterministic, so the same result). A task that failed
 * retryably (storage or manager down) is retried with backoff; one that cannot succeed here (a corrupt scene, an
 * engine this node lacks) is left to time out, so the manager reassigns it and counts the failure.
 */
export async function startWorker(config: WorkerConfig, deps: WorkerDeps): Promise<DaemonHandle> {
  const logger = deps.logger.child({ component: "worker", nodeId: config.nodeId.toString() });
  const store = deps.store ?? (await createContentStore(nodeStorage(config), { logger }));
  const workRoot = join(config.dataDir, "work");
  await mkdir(workRoot, { recursive: true });
  const engines: EngineId[] = config.engines ?? detectEngines();
  const endpoint: ManagerEndpoint = { url: config.manager.url, chainId: config.manager.chainId, nodeId: config.nodeId, operator: deps.operator };
  const calls = workerCalls(endpoint);
  const metrics = createDaemonMetrics("worker");
  const metricsServer = config.metricsPort !== undefined ? await serveMetrics(metrics.registry, config.metricsPort) : undefined;
  const work = new InFlightWork<number>();
  const progress = new Map<number, number>();
  const retryAt = new Map<number, { failures: number; at: number }>();
  const givenUp = new Set<number>();
  const polling = new AbortController();
  const beating = new AbortController();
  const onRound = (loop: string) => (seconds: number, failed: boolean) => metrics.rounds.observe({ loop, failed: String(failed) }, seconds);

  const startTask = (task: Assignment) => {
    const log = logger.child({ attemptId: task.attemptId, jobId: task.jobId, taskIndex: task.taskIndex });
    progress.set(task.attemptId, 0);
    metrics.inFlight.inc();
    work.start(task.attemptId, async (signal) => {
      try {
        log.info({ engine: task.engine, frames: [task.frameStart, task.frameEnd], deadline: task.deadline }, "rendering task");
        const retry = { attempts: config.callAttempts, backoffMs: 500, signal, logger: log };
        const onProgress = (p: { fraction: number }) => progress.set(task.attemptId, p.fraction);
        const result = await runTask(task, { endpoint, calls, store, engines, threads: config.threads, workRoot, onProgress, retry });
        retryAt.delete(task.attemptId);
        metrics.outcomes.inc({ outcome: "rendered" });
        log.info(result, "task rendered and reported");
      } catch (error) {
        if (signal.aborted) return void log.warn("task cancelled: the worker is stopping");
        if (isRetryable(error)) {
          const failures = (retryAt.get(task.attemptId)?.failures ?? 0) + 1;
          const waitMs = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1));
          retryAt.set(task.attemptId, { failures, at: Date.now() + waitMs });
          metrics.outcomes.inc({ outcome: "retry" });
          log.warn({ err: error, failures, retryInMs: waitMs }, "task failed; retried later");
        } else {
          givenUp.add(task.attemptId);
          metrics.outcomes.inc({ outcome: "failed" });
          log.error({ err: error }, "task failed and cannot succeed here: left to time out, the manager reassigns it");
        }
      } finally {
        progress.delete(task.attemptId);
        metrics.inFlight.dec();
      }
    });
  };

  let firstPoll = true;
  const poll = async (signal: AbortSignal) => {
    if (work.size >= config.slots) return;
    const assigned = await calls.assignments(signal);
    if (firstPoll && assigned.length > 0) logger.info({ attempts: assigned.map((a) => a.attemptId) }, "resuming live assignments");
    firstPoll = false;
    const now = Date.now();
    for (const task of assigned) {
      if (signal.aborted || work.size >= config.slots) break;
      if (work.has(task.attemptId) || givenUp.has(task.attemptId) || (retryAt.get(task.attemptId)?.at ?? 0) > now) continue;
      startTask(task);
    }
  };

  const heartbeat = async (signal: AbortSignal) => {
    const report = [...progress].map(([attemptId, fraction]) => ({ attemptId, fraction }));
    const answer = await calls.heartbeat(engines, config.slots, report, signal);
    if (!answer.eligible) logger.warn("the chain does not find this worker eligible (stake, activity, price): it gets no tasks");
  };

  logger.info({ engines, slots: config.slots, threads: config.threads, manager: config.manager.url, store: store.kind }, "worker started");
  const heartbeats = runLoop("heartbeat", heartbeat, { intervalMs: config.heartbeatSeconds * 1000, signal: beating.signal, logger, onRound: onRound("heartbeat") });
  const polls = runLoop("assignments", poll, { intervalMs: config.pollSeconds * 1000, signal: polling.signal, logger, onRound: onRound("assignments") });

  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let stopping: Promise<void> | undefined;
  const shutDown = async (drain: (() => Promise<void>) | null) => {
    polling.abort();
    await polls;
    if (drain) await drain();
    else await work.cancelAll();
    beating.abort();
    await heartbeats;
    await metricsServer?.close();
    if (!deps.store) await store.close();
    logger.info("worker stopped");
    finish();
  };
  const stop = (graceMs = config.drainGraceSeconds * 1000) =>
    (stopping ??= shutDown(async () => {
      logger.info({ inFlight: work.keys(), graceMs }, "draining: no new tasks; waiting for the tasks in flight");
      const cancelled = await work.drain(graceMs);
      await releaseAll(calls, cancelled, logger);
    }));
  return {
    stop,
    kill: () => (stopping ??= shutDown(null)),
    done,
    inFlight: () => [...progress].map(([attemptId, fraction]) => ({ attemptId, fraction })),
    ...(metricsServer ? { metricsPort: metricsServer.port } : {}),
  };
}

/** Hands back tasks cancelled at the end of the grace period, so the manager reassigns them now, not at their deadline. */
async function releaseAll(calls: WorkerCalls, attemptIds: number[], logger: Logger): Promise<void> {
  const signal = AbortSignal.timeout(15_000);
  for (const attemptId of attemptIds) {
    try {
      const { outcome } = await retryCall("releasing a task", () => calls.releaseTask(attemptId, signal), { attempts: 3, backoffMs: 500, signal, logger });
      logger.warn({ attemptId, outcome }, "grace period over: task released to the manager");
    } catch (error) {
      logger.error({ err: error, attemptId }, "could not release the task: it times out at its deadline instead");
    }
  }
}
