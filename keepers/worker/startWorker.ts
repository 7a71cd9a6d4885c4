import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { LocalAccount } from "viem";
import type { ManagerEndpoint } from "../daemon/callManager.js";
import { closeOnFailure } from "../daemon/closeOnFailure.js";
import type { DaemonHandle } from "../daemon/daemonHandle.js";
import { InFlightWork } from "../daemon/inFlightWork.js";
import { nodeStorage } from "../daemon/nodeConfig.js";
import { isRetryable, retryCall } from "../daemon/retryCall.js";
import { runLoop } from "../daemon/runLoop.js";
import { stopOnce } from "../daemon/stopOnce.js";
import { createMetrics } from "../metrics/createMetrics.js";
import { runBenchmarks } from "./benchmarks/runBenchmarks.js";
import { observeLoopRounds } from "../metrics/observeLoopRounds.js";
import { serveMetrics } from "../metrics/serveMetrics.js";
import type { EngineId } from "../engines/index.js";
import type { Logger } from "../log/createLogger.js";
import type { ContentStore } from "../storage/contentStore.js";
import { createContentStore } from "../storage/createContentStore.js";
import { detectEngines } from "./detectEngines.js";
import { runTask } from "./runTask.js";
import { TaskRetries } from "./taskRetries.js";
import type { WorkerConfig } from "./workerConfig.js";
import { workerCalls, type Assignment, type WorkerCalls } from "./workerCalls.js";

export interface WorkerDeps {
  operator: LocalAccount;
  logger: Logger;
  /** A store to use instead of the configured one (not closed at stop). */
  store?: ContentStore;
}

/**
 * The worker daemon (`ifx worker start`, keepers/README steps 4-5): heartbeats with its engines, free slots and the
 * progress of its tasks; polls its assignments and renders up to `slots` at once; uploads the frames and reports each
 * result signed by its operator key. Everything it needs after a restart is in the manager's database: the first poll
 * returns the live assignments, which are rendered again (deterministic, so the same result). Failed tasks are
 * retried or given up by `TaskRetries`.
 */
export async function startWorker(config: WorkerConfig, deps: WorkerDeps): Promise<DaemonHandle> {
  const logger = deps.logger.child({ component: "worker", nodeId: config.nodeId.toString() });
  const workRoot = join(config.dataDir, "work");
  await mkdir(workRoot, { recursive: true });
  const store = deps.store ?? (await createContentStore(nodeStorage(config), { logger }));
  const closeStore = async () => void (deps.store ? undefined : await store.close());
  const engines: EngineId[] = config.engines ?? detectEngines();
  const endpoint: ManagerEndpoint = { url: config.manager.url, chainId: config.manager.chainId, nodeId: config.nodeId, operator: deps.operator };
  const calls = workerCalls(endpoint);
  const metrics = createMetrics("worker");
  const port = config.metricsPort;
  const metricsServer = port !== undefined ? await closeOnFailure(() => serveMetrics(metrics.registry, { host: "127.0.0.1", port, logger }), closeStore) : undefined;
  const work = new InFlightWork<number>();
  const progress = new Map<number, number>();
  const retries = new TaskRetries();
  const polling = new AbortController();
  const beating = new AbortController();
  const onRound = (loop: string) => observeLoopRounds(metrics, loop);

  const startTask = (task: Assignment) => {
    const log = logger.child({ attemptId: task.attemptId, jobId: task.jobId, taskIndex: task.taskIndex });
    progress.set(task.attemptId, 0);
    metrics.tasksInFlight.inc();
    void work.start(task.attemptId, async (signal) => {
      const started = performance.now();
      try {
        log.info({ engine: task.engine, frames: [task.frameStart, task.frameEnd], deadline: task.deadline }, "rendering task");
        const retry = { attempts: config.callAttempts, backoffMs: 500, signal, logger: log };
        const onProgress = (p: { fraction: number }) => progress.set(task.attemptId, p.fraction);
        const result = await runTask(task, { endpoint, calls, store, engines, threads: config.threads, workRoot, onProgress, retry });
        retries.succeeded(task.attemptId);
        metrics.renders.inc({ outcome: "rendered" });
        metrics.renderSeconds.observe((performance.now() - started) / 1000);
        metrics.uploadBytes.inc(result.uploadedBytes);
        log.info(result, "task rendered and reported");
      } catch (error) {
        if (signal.aborted) return void log.warn("task cancelled: the worker is stopping");
        if (isRetryable(error)) log.warn({ err: error, ...retries.failed(task.attemptId) }, "task failed; retried later");
        else {
          retries.giveUp(task.attemptId);
          log.error({ err: error }, "task failed and cannot succeed here: left to time out, the manager reassigns it");
        }
        metrics.renders.inc({ outcome: isRetryable(error) ? "retry" : "failed" });
      } finally {
        progress.delete(task.attemptId);
        metrics.tasksInFlight.dec();
      }
    });
  };

  let firstPoll = true;
  const poll = async (signal: AbortSignal) => {
    if (work.size >= config.slots) return;
    // An idle worker answers its IB challenges first (reading one starts the manager's clock, so only when idle: the
    // time measured is this machine's, not a machine busy with tasks).
    if (work.size === 0) {
      const reports = await runBenchmarks({ endpoint, store, threads: config.threads, logger, signal, workRoot });
      if (reports.length > 0) logger.info({ reports }, "benchmark challenges answered");
    }
    const assigned = await calls.assignments(signal);
    if (firstPoll && assigned.length > 0) logger.info({ attempts: assigned.map((a) => a.attemptId) }, "resuming live assignments");
    firstPoll = false;
    for (const task of assigned) {
      if (signal.aborted || work.size >= config.slots) break;
      if (!work.has(task.attemptId) && retries.ready(task.attemptId)) startTask(task);
    }
  };

  let eligible: boolean | undefined;
  const heartbeat = async (signal: AbortSignal) => {
    const report = [...progress].map(([attemptId, fraction]) => ({ attemptId, fraction }));
    const answer = await calls.heartbeat(engines, config.slots, report, signal).catch((error: unknown) => {
      metrics.heartbeatFailures.inc();
      throw error; // the loop logs it and backs off
    });
    if (answer.eligible !== eligible) { // said once per change, not every few seconds
      if (answer.eligible) logger.info({ ibWad: answer.ibWad, pricePerIbmWad: answer.pricePerIbmWad }, "eligible for tasks");
      else logger.warn("the chain does not find this worker eligible (stake, activity, price): it gets no tasks");
    }
    eligible = answer.eligible;
  };

  logger.info({ engines, slots: config.slots, threads: config.threads, manager: config.manager.url, store: store.kind }, "worker started");
  const heartbeats = runLoop("heartbeat", heartbeat, { intervalMs: config.heartbeatSeconds * 1000, signal: beating.signal, logger, onRound: onRound("heartbeat") });
  const polls = runLoop("assignments", poll, { intervalMs: config.pollSeconds * 1000, signal: polling.signal, logger, onRound: onRound("assignments") });

  // Heartbeats go on while draining: the manager sees the progress, and does not take the worker for dead.
  const shutDown = async (graceMs: number | null) => {
    polling.abort();
    await polls;
    if (graceMs === null) await work.cancelAll(); // a kill hands nothing back: the tasks time out, as after kill -9
    else {
      logger.info({ inFlight: work.keys(), graceMs }, "draining: no new tasks; waiting for the tasks in flight");
      const cancelled = await work.drain(graceMs);
      // Tasks assigned while draining were never started: handed back too, so they need not wait for their deadline.
      const unstarted = (await calls.assignments(AbortSignal.timeout(10_000)).catch(() => [])).map((a) => a.attemptId);
      await releaseAll(calls, [...new Set([...cancelled, ...unstarted])], logger);
    }
    beating.abort();
    await heartbeats;
    await metricsServer?.close();
    await closeStore();
    logger.info("worker stopped");
  };
  return {
    ...stopOnce(shutDown, config.drainGraceSeconds * 1000),
    inFlight: () => [...progress].map(([attemptId, fraction]) => ({ attemptId, fraction })),
    ...(metricsServer ? { metricsPort: metricsServer.port } : {}),
  };
}

/** Hands back tasks cancelled at the end of the grace period (or never started), so the manager reassigns them now, not at their deadline. */
async function releaseAll(calls: WorkerCalls, attemptIds: number[], logger: Logger): Promise<void> {
  const signal = AbortSignal.timeout(15_000);
  for (const attemptId of attemptIds) {
    try {
      const { outcome } = await retryCall("releasing a task", () => calls.releaseTask(attemptId, signal), { attempts: 3, backoffMs: 500, signal, logger });
      logger.warn({ attemptId, outcome }, "task handed back to the manager");
    } catch (error) {
      logger.error({ err: error, attemptId }, "could not release the task: it times out at its deadline instead");
    }
  }
}
