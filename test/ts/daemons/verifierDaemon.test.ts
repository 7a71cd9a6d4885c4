import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { pino } from "pino";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptionKeyOf } from "../../../keepers/crypto/encryptionKeyOf.js";
import type { DaemonHandle } from "../../../keepers/daemon/daemonHandle.js";
import { openDatabase } from "../../../keepers/db/openDatabase.js";
import { taskSeed } from "../../../keepers/manager/tasks/taskSeed.js";
import { recordOwnVerdict } from "../../../keepers/verifier/ownVerdicts.js";
import { startVerifier } from "../../../keepers/verifier/startVerifier.js";
import { verifierConfigSchema } from "../../../keepers/verifier/verifierConfig.js";
import { renderAssignment } from "../../../keepers/worker/renderAssignment.js";
import { startWorker } from "../../../keepers/worker/startWorker.js";
import { workerCalls } from "../../../keepers/worker/workerCalls.js";
import { workerConfigSchema } from "../../../keepers/worker/workerConfig.js";
import { metricSample, scrapeDaemon } from "../helpers/metricSample.js";
import { captureLogs, startTestManager, waitFor, type TestManager } from "../helpers/startTestManager.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";

const logger = pino({ level: process.env["DEBUG_DAEMONS"] ? "debug" : "silent" });
const RESOLUTION = { width: 128, height: 72 };

/**
 * Verifier daemons of a job's committee judge what a worker daemon rendered, against a real manager on a local chain:
 * two genuine tasks and one forged (an unmarked render of the artist's scene reported as the result).
 */
describe("the verifier daemon", () => {
  let m: TestManager;
  let jobId: string;
  let dir: string;
  let worker: bigint;
  let attempts: number[];
  /** Each verifier's operator key and the private half of its registered encryption key. */
  const keys = new Map<bigint, { operatorKey: Hex; encryption?: Hex }>();

  beforeAll(async () => {
    m = await startTestManager(1);
    worker = m.net.workerIds[0]!;
    dir = await tempDir("inferix-verifiers-");
    jobId = await m.openJob(3, { resolution: RESOLUTION, samples: 8, bounces: 2 });
    // The operator keys LocalNetwork made are not readable: the owner points each verifier at keys this test holds,
    // the first at a new operator (its public key is the encryption key: the default), the second at a new
    // encryption key beside its operator.
    const registry = await m.connection.viem.getContractAt("NodeRegistry", m.d.contracts.NodeRegistry, { client: { wallet: await m.connection.viem.getWalletClient(m.net.ownerAddress) } });
    const [first, second] = m.net.verifierIds as [bigint, bigint];
    const operatorKey = generatePrivateKey();
    await m.net.mined(registry.write.update([first, privateKeyToAccount(operatorKey).address, encryptionKeyOf(operatorKey), 0n, ""]));
    keys.set(first, { operatorKey });
    const encryption = generatePrivateKey();
    await m.net.mined(registry.write.update([second, m.net.operators.get(second)!.address, encryptionKeyOf(encryption), 0n, ""]));
    keys.set(second, { operatorKey: "0x", encryption });
  }, 120_000);
  afterAll(async () => {
    await m?.close();
    await cleanup(dir);
  });

  const startV = (verifierId: bigint, extra: Record<string, unknown> = {}, log = logger): Promise<DaemonHandle> => {
    const { operatorKey, encryption } = keys.get(verifierId)!;
    const config = verifierConfigSchema.parse({
      manager: { url: m.url, chainId: m.chainId }, market: m.d.contracts.JobMarket, rpcUrl: m.rpcUrl, startBlock: m.d.startBlock.toString(), nodeId: verifierId.toString(), dataDir: join(dir, `v${verifierId}`), pollSeconds: 0.2,
      ...(encryption ? { encryption: { privateKey: encryption } } : {}), ...extra,
    });
    const operator = encryption ? m.net.operators.get(verifierId)! : privateKeyToAccount(operatorKey);
    return startVerifier(config, { operator, operatorKey, logger: log });
  };
  const verdictsBy = (verifierId: bigint) =>
    m.db.selectFrom("verdicts").select(["attempt_id", "accepted", "statistics"]).where("verifier_id", "=", verifierId.toString()).orderBy("attempt_id").execute();

  it("a worker daemon renders two tasks; a forged result is reported for the third", async () => {
    const config = workerConfigSchema.parse({ manager: { url: m.url, chainId: m.chainId }, nodeId: worker.toString(), dataDir: join(dir, "worker"), threads: 1, slots: 2, engines: ["pathtracer"], heartbeatSeconds: 0.3, pollSeconds: 0.2, metricsPort: 0 });
    const w = await startWorker(config, { operator: m.net.operators.get(worker)!, logger });
    try {
      await waitFor("the worker's heartbeat", () => m.db.selectFrom("workers").select("worker_id").executeTakeFirst());
      expect((await m.assign()).map((a) => a.taskIndex)).toEqual([0, 1]);
      await waitFor("two results", async () => (await m.db.selectFrom("tasks").select("task_index").where("job_id", "=", jobId).where("status", "=", "rendered").execute()).length === 2, 60_000);
      // Its metrics count what it did: two renders, their frames and manifests uploaded (at least one PNG each).
      const scraped = await scrapeDaemon(w.metricsPort);
      expect(metricSample(scraped, "ifx_renders_total", { outcome: "rendered" })).toBe(2);
      expect(metricSample(scraped, "ifx_render_seconds_count")).toBe(2);
      expect(metricSample(scraped, "ifx_upload_bytes_total")).toBeGreaterThan(2 * 1_000);
      expect(metricSample(scraped, "ifx_tasks_in_flight")).toBe(0);
    } finally {
      await w.stop();
    }
    const [forged] = await m.assign();
    expect(forged).toMatchObject({ taskIndex: 2 });
    const job = await m.db.selectFrom("jobs").select("scene_cid").where("id", "=", jobId).executeTakeFirstOrThrow();
    const unmarked = await renderAssignment({ attemptId: forged!.attemptId, jobId, taskIndex: 2, frameStart: 2, frameEnd: 2, sceneCid: job.scene_cid, engine: "pathtracer", ...RESOLUTION, samples: 8, bounces: 2, seed: taskSeed(jobId, 2) }, { store: m.store, threads: 1 });
    const calls = workerCalls({ url: m.url, chainId: m.chainId, nodeId: worker, operator: m.net.operators.get(worker)! });
    expect(await calls.submitResult({ ...forged!, market: m.d.contracts.JobMarket }, unmarked.resultCid)).toEqual({ outcome: "recorded" });
    attempts = (await m.db.selectFrom("task_attempts").select("id").where("job_id", "=", jobId).orderBy("task_index").execute()).map((a) => a.id);
  }, 90_000);

  it("resubmits a verdict it kept but the manager never got (a crash in between), judges the rest, and never twice", async () => {
    const second = m.net.verifierIds[1]!;
    await mkdir(join(dir, `v${second}`), { recursive: true });
    const crashed = await openDatabase({ dataDir: join(dir, `v${second}`, "db") });
    const kept = JSON.stringify({ accepted: true, keptBeforeTheCrash: true });
    await recordOwnVerdict(crashed.db, second, { attemptId: attempts[0]!, jobId, taskIndex: 0, resultCid: "bafkreikept", accepted: true, statistics: kept, workerId: worker, resultSignature: null, workWad: 10n ** 18n });
    await crashed.close();
    const v = await startV(second);
    try {
      const given = await waitFor("three verdicts", async () => ((await verdictsBy(second)).length === 3 ? verdictsBy(second) : null), 60_000);
      expect(given.map((g) => [g.attempt_id, g.accepted])).toEqual([[attempts[0], true], [attempts[1], true], [attempts[2], false]]);
      expect(given[0]!.statistics).toEqual({ accepted: true, keptBeforeTheCrash: true }); // resubmitted as kept, not judged again
      expect(given[2]!.statistics).toMatchObject({ accepted: false, spot: false, frames: [{ frame: 2, accepted: false, matched: 0 }] });
    } finally {
      await v.stop();
    }
    const restarted = await startV(second);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a few polls: nothing is left for it to judge
    await restarted.stop();
    expect(await verdictsBy(second)).toHaveLength(3);
    // Each verdict it judged is kept with the worker whose bound key signed the result and the task's quoted work.
    const kept2 = await openDatabase({ dataDir: join(dir, `v${second}`, "db") });
    const judged = await kept2.db.selectFrom("own_verdicts").select(["attempt_id", "worker_id", "work_wad", "result_signature"]).where("attempt_id", "in", [attempts[1]!, attempts[2]!]).orderBy("attempt_id").execute();
    await kept2.close();
    expect(judged.map((r) => [r.attempt_id, BigInt(r.worker_id!), BigInt(r.work_wad!)])).toEqual([[attempts[1], worker, 10n ** 18n], [attempts[2], worker, 10n ** 18n]]);
    expect(judged.every((r) => /^0x[0-9a-f]{130}$/i.test(r.result_signature ?? ""))).toBe(true);
    for (const index of [0, 1, 2]) expect(await m.taskStatus(jobId, index)).toBe("rendered"); // one verdict each: pending
  }, 90_000);

  it("a second committee member with the spot re-render decides, through a manager outage: genuine tasks accepted, the forged one rejected", async () => {
    const first = m.net.verifierIds[0]!;
    const { logger: capture, lines } = captureLogs();
    await m.takeDown();
    const v = await startV(first, { spot: { enabled: true, secret: `0x${"5a".repeat(32)}` }, metricsPort: 0 }, capture);
    try {
      await waitFor("a failed poll", async () => lines.some((l) => l.loop === "verifications" && l.msg === "verifications failed; retrying"));
      await m.bringUp(); // the loop's backoff brings the verifier back without a restart
      await waitFor("the verdicts", async () => (await verdictsBy(first)).length === 3, 60_000);
      // Its metrics: three judgements of one frame each, the two genuine frames spot re-rendered (the forged one fails the
      // detector first: nothing to re-render), and the failed round of the outage.
      const scraped = await scrapeDaemon(v.metricsPort);
      expect([metricSample(scraped, "ifx_verifications_total", { verdict: "accepted" }), metricSample(scraped, "ifx_verifications_total", { verdict: "rejected" })]).toEqual([2, 1]);
      expect(metricSample(scraped, "ifx_verification_seconds_count")).toBe(3);
      expect(metricSample(scraped, "ifx_spot_rerenders_total")).toBe(2);
      expect(metricSample(scraped, "ifx_loop_failures_total", { loop: "verifications" })).toBeGreaterThanOrEqual(1);
    } finally {
      await m.bringUp().catch(() => {});
      await v.stop();
    }
    expect([await m.taskStatus(jobId, 0), await m.taskStatus(jobId, 1), await m.taskStatus(jobId, 2)]).toEqual(["accepted", "accepted", "ready"]);
    const statuses = await m.db.selectFrom("task_attempts").select(["id", "status"]).where("id", "in", attempts).orderBy("id").execute();
    expect(statuses.map((s) => s.status)).toEqual(["accepted", "accepted", "rejected"]);
    const [genuine] = await verdictsBy(first);
    expect(genuine!.statistics).toMatchObject({ accepted: true, spot: true, frames: [{ frame: 0, accepted: true, spot: { matches: true, differingPixels: 0 } }] });
    // Its own database holds every verdict it gave: what it will check the settlement against.
    const own = await openDatabase({ dataDir: join(dir, `v${first}`, "db") });
    try {
      const rows = await own.db.selectFrom("own_verdicts").select(["attempt_id", "task_index", "accepted"]).orderBy("attempt_id").execute();
      expect(rows).toEqual(attempts.map((id, i) => ({ attempt_id: id, task_index: i, accepted: i < 2 })));
    } finally {
      await own.close();
    }
  }, 90_000);
});
