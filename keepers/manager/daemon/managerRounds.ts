import type { Kysely } from "kysely";
import type { Address } from "viem";
import type { WriteClients } from "../../chain/sendContractWrite.js";
import type { Database } from "../../db/schema.js";
import type { Logger } from "../../log/createLogger.js";
import type { ManagerMetrics } from "../../metrics/createMetrics.js";
import type { ContentStore } from "../../storage/contentStore.js";
import { drawCommittees } from "../jobs/drawCommittees.js";
import { drawPanels } from "../jobs/drawPanels.js";
import { readDisputeEvents } from "../jobs/readDisputeEvents.js";
import { markPendingTasks } from "../jobs/markPendingTasks.js";
import { readMarketEvents, type MarketReaderOptions } from "../jobs/readMarketEvents.js";
import { buildDueSettlements } from "../settle/buildDueSettlements.js";
import { releaseSettledFees } from "../settle/releaseSettledFees.js";
import { sendSettlements } from "../settle/sendSettlements.js";
import { assignReadyTasks } from "../store/assignReadyTasks.js";
import { expireAttempts } from "../store/expireAttempts.js";
import type { ManagerConfig } from "./managerConfig.js";

/** What the manager's rounds work with: its database, store, chain and identity. */
export interface RoundDeps {
  db: Kysely<Database>;
  store: ContentStore;
  clients: WriteClients;
  contracts: { market: Address; disputes: Address; params: Address };
  reader: MarketReaderOptions;
  porSecret: Uint8Array;
  config: ManagerConfig;
  logger: Logger;
  metrics: ManagerMetrics;
}

/**
 * Intake (keepers/README steps 2-3): the market's events up to the head (jobs opened, committees stored, jobs closed by their artist), committees
 * drawn, pending tasks marked. Every step is idempotent, so a round cut short by a crash is simply run again.
 */
export async function intakeRound(deps: RoundDeps, signal: AbortSignal): Promise<void> {
  for (let read = await readMarketEvents(deps.db, deps.clients.publicClient, deps.reader); read && !signal.aborted; read = await readMarketEvents(deps.db, deps.clients.publicClient, deps.reader)) {
    if (read.opened.length > 0 || read.committees.length > 0 || read.closed.length > 0) deps.logger.info({ opened: read.opened, committees: read.committees, closed: read.closed, toBlock: read.toBlock }, "market events applied");
  }
  const drawn = await drawCommittees(deps.db, deps.clients, deps.contracts.market, deps.logger);
  if (drawn.length > 0) deps.logger.info({ jobs: drawn }, "committees drawn");
  await disputeRound(deps, signal);
  if (signal.aborted) return;
  const marked = await markPendingTasks({
    db: deps.db, store: deps.store, porSecret: deps.porSecret, marks: deps.config.marking.marks, threads: deps.config.marking.threads,
    cacheDir: `${deps.config.dataDir}/scenes`, logger: deps.logger,
  });
  if (marked.length > 0) deps.logger.info({ tasks: marked.length }, "tasks marked and ready");
}

/** Disputes of this manager's jobs (IJobDisputes): recorded from the chain, and their panels drawn once they can be. */
async function disputeRound(deps: RoundDeps, signal: AbortSignal): Promise<void> {
  const read = () => readDisputeEvents(deps.db, deps.clients.publicClient, deps.contracts.disputes, deps.reader);
  for (let r = await read(); r && !signal.aborted; r = await read()) {
    if (r.opened.length > 0 || r.panels.length > 0 || r.resolved.length > 0) deps.logger.info({ opened: r.opened, panels: r.panels, resolved: r.resolved, toBlock: r.toBlock }, "dispute events applied");
  }
  const panels = await drawPanels(deps.db, deps.clients, deps.contracts.disputes, deps.logger);
  if (panels.length > 0) deps.logger.info({ disputes: panels }, "dispute panels drawn");
}

/** Assignment (step 4): attempts past their deadline time out, then ready tasks go to eligible workers. */
export async function assignRound(deps: RoundDeps): Promise<number> {
  const now = new Date();
  const expired = await expireAttempts(deps.db, now);
  deps.metrics.attemptsTimedOut.inc(expired.length);
  if (expired.length > 0) deps.logger.warn({ attempts: expired }, "attempts timed out; their tasks are assigned again");
  const assigned = await assignReadyTasks(deps.db, {
    now, heartbeatTimeoutSeconds: deps.config.tasks.heartbeatTimeoutSeconds, taskTimeoutSeconds: deps.config.tasks.timeoutSeconds,
    maxTasks: deps.config.tasks.maxPerRound, blockAfterFailures: deps.config.tasks.blockAfterFailures,
  });
  deps.metrics.assignments.inc(assigned.length);
  if (assigned.length > 0) deps.logger.debug({ assigned: assigned.length }, "tasks assigned");
  return assigned.length;
}

/** Settlement (step 7): settlements built for finished jobs, sent once signed, fees released past the dispute window. */
export async function settleRound(deps: RoundDeps): Promise<void> {
  const built = await buildDueSettlements(deps.db);
  if (built.length > 0) deps.logger.info({ jobs: built }, "settlements built; waiting for the committee's signatures");
  for (const s of await sendSettlements(deps.db, deps.clients, deps.contracts.market, deps.logger)) {
    deps.metrics.settlements.inc({ outcome: s.how });
    deps.logger.info(s, s.how === "sent" ? "settlement sent" : "settlement found on-chain");
  }
  const released = await releaseSettledFees(deps.db, deps.clients, deps.contracts.market, deps.contracts.params);
  if (released.length > 0) deps.logger.info({ jobs: released }, "fees released");
}
