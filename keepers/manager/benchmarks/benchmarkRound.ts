import type { Kysely } from "kysely";
import type { Address, Hash } from "viem";
import { epochClockAbi, parameterRegistryAbi } from "../../chain/abis.generated.js";
import type { WriteClients } from "../../chain/sendContractWrite.js";
import type { Database } from "../../db/schema.js";
import type { Logger } from "../../log/createLogger.js";
import type { ContentStore } from "../../storage/contentStore.js";
import { DEFAULT_BENCHMARK_SETTINGS, governedScenes, prepareBenchmarkScenes, type BenchmarkSettings } from "./benchmarkScenes.js";
import { expireBenchmarks } from "./expireBenchmarks.js";
import { issueBenchmarks } from "./issueBenchmarks.js";
import { canPostBenchmarks, postBenchmarks } from "./postBenchmarks.js";
import { verifyBenchmarks } from "./verifyBenchmarks.js";

/** The manager's benchmark knobs (the daemon's `benchmarks` config section). */
export interface BenchmarkConfig {
  /** Workers silent for longer are not challenged (the assigner's heartbeat timeout). */
  heartbeatTimeoutSeconds: number;
  /** A read challenge not answered within this is expired (default 600). */
  timeoutSeconds?: number;
  /** Challenge a worker again within an epoch once its last challenge is this old; unset, once an epoch. */
  intervalSeconds?: number;
  /** Most challenges issued, and most frames verified, per round (default 50 and 16). */
  maxIssuedPerRound?: number;
  maxVerifiedPerRound?: number;
  /** Sample scenes to issue, by name ("room", "product", "heavy"); default every one the registry governs. */
  scenes?: readonly string[];
  /** Render settings of a challenge; default the engine benchmark's, which the reference times were measured at. */
  settings?: BenchmarkSettings;
}

export interface BenchmarkRoundDeps {
  db: Kysely<Database>;
  store: ContentStore;
  /** The manager's operator: it needs NodeRegistry's BENCHMARK_ROLE. */
  clients: WriteClients;
  contracts: { registry: Address; params: Address; clock: Address };
  config: BenchmarkConfig;
  logger: Logger;
  now?: () => Date;
}

export interface BenchmarkRoundResult {
  /** "no_role": the operator may not post benchmarks, so the round challenged nobody. */
  skipped?: "no_role";
  issued: number;
  expired: number;
  verified: number;
  rejected: number;
  posted: number;
  hash?: Hash;
}

/** Registry and operator pairs already told they lack the role: the warning is said once, not every round. */
const warnedNoRole = new Set<string>();

/**
 * One IB benchmark round of the manager (keepers/README "Benchmark rounds"): stale challenges expire, live eligible
 * workers without a challenge this epoch get one, reported frames are checked, and the verified times are posted in
 * one `postBenchmarks` transaction. A manager whose operator lacks BENCHMARK_ROLE says so once and does nothing: its
 * measurements could never reach the chain, so challenging workers would only waste their time.
 */
export async function benchmarkRound(deps: BenchmarkRoundDeps): Promise<BenchmarkRoundResult> {
  const { db, clients, contracts, config, logger } = deps;
  const result: BenchmarkRoundResult = { issued: 0, expired: 0, verified: 0, rejected: 0, posted: 0 };
  const who = `${contracts.registry}:${clients.wallet.account.address}`;
  if (!(await canPostBenchmarks(clients, contracts.registry))) {
    if (!warnedNoRole.has(who)) logger.warn({ operator: clients.wallet.account.address, registry: contracts.registry }, "the manager's operator lacks NodeRegistry.BENCHMARK_ROLE: no IB benchmarks are run or posted");
    warnedNoRole.add(who);
    return { ...result, skipped: "no_role" };
  }
  warnedNoRole.delete(who); // a role revoked again later is reported again
  const now = deps.now?.() ?? new Date();
  const [epoch, governedIds] = await Promise.all([
    clients.publicClient.readContract({ address: contracts.clock, abi: epochClockAbi, functionName: "currentEpoch" }),
    clients.publicClient.readContract({ address: contracts.params, abi: parameterRegistryAbi, functionName: "sceneIds" }),
  ]);
  const prepared = await prepareBenchmarkScenes(deps.store, config.scenes);
  result.expired = (await expireBenchmarks(db, { epoch, now, timeoutSeconds: config.timeoutSeconds ?? 600 })).length;
  const scenes = governedScenes(prepared, governedIds);
  if (scenes.length === 0) logger.warn({ prepared: prepared.map((s) => s.name) }, "no sample scene of this manager has a governed reference time: no challenges issued");
  const issued = await issueBenchmarks(db, {
    epoch, now, scenes, settings: config.settings ?? DEFAULT_BENCHMARK_SETTINGS, heartbeatTimeoutSeconds: config.heartbeatTimeoutSeconds,
    maxPerRound: config.maxIssuedPerRound ?? 50, ...(config.intervalSeconds !== undefined ? { intervalSeconds: config.intervalSeconds } : {}),
  });
  result.issued = issued.length;
  if (issued.length > 0) logger.info({ epoch, workers: issued.map((b) => b.workerId) }, "benchmark challenges issued");
  // Against every sample scene: a challenge issued before the configured scenes changed is still judged on its own.
  const judged = await verifyBenchmarks(db, deps.store, await prepareBenchmarkScenes(deps.store), logger, config.maxVerifiedPerRound ?? 16);
  result.verified = judged.filter((j) => j.accepted).length;
  result.rejected = judged.length - result.verified;
  const post = await postBenchmarks(db, clients, contracts.registry);
  if (post.how === "posted") {
    Object.assign(result, { posted: post.ids.length, hash: post.hash });
    logger.info({ benchmarks: post.ids, hash: post.hash }, "benchmarks posted");
  }
  if (post.how === "pending") logger.info({ hash: post.hash }, "an earlier benchmark post is still pending: nothing sent");
  return result;
}
