import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DaemonHandle } from "../../../keepers/daemon/daemonHandle.js";
import { blendScenes } from "../../../keepers/engines/scenes/blendScenes.js";
import { startVerifier } from "../../../keepers/verifier/startVerifier.js";
import { verifierConfigSchema } from "../../../keepers/verifier/verifierConfig.js";
import { startWorker } from "../../../keepers/worker/startWorker.js";
import { workerConfigSchema } from "../../../keepers/worker/workerConfig.js";
import { hasBlender } from "../engines/blenderHelpers.js";
import { metricSample, scrapeDaemon } from "../helpers/metricSample.js";
import { startTestManager, waitFor, type TestManager } from "../helpers/startTestManager.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";

const logger = pino({ level: process.env["DEBUG_DAEMONS"] ? "debug" : "silent" });

/**
 * A job the artist renders with Blender (a .blend scene, engine "blender") through the daemons, against a real manager
 * on a local chain: the manager marks the .blend with the task's PoR key, a worker daemon renders the marked scene in
 * Cycles, and verifier daemons of the committee accept it with the key-aware detector and the Cycles spot re-render.
 */
describe.skipIf(!hasBlender)("a Blender (Cycles) job through the daemons", () => {
  let m: TestManager;
  let dir: string;
  beforeAll(async () => {
    m = await startTestManager(1);
    dir = await tempDir("inferix-blender-job-");
  }, 120_000);
  afterAll(async () => {
    await m?.close();
    await cleanup(dir);
  });

  it("marks the .blend, renders it in Cycles on a worker daemon, and the committee accepts it with the Cycles spot re-render", async () => {
    const { shot } = await blendScenes();
    const jobId = await m.openJob(1, { resolution: { width: 160, height: 90 }, samples: 16, bounces: 3 }, { engine: "blender", scene: shot, firstFrame: 1 });
    const workerId = m.net.workerIds[0]!;
    const worker = await startWorker(workerConfigSchema.parse({
      manager: { url: m.url, chainId: m.chainId }, nodeId: workerId.toString(), dataDir: join(dir, "worker"), threads: 1, slots: 1, engines: ["blender"],
      heartbeatSeconds: 0.3, pollSeconds: 0.2, metricsPort: 0,
    }), { operator: m.net.operators.get(workerId)!, logger });
    try {
      await waitFor("the worker's heartbeat", () => m.db.selectFrom("workers").select("worker_id").where("worker_id", "=", workerId.toString()).executeTakeFirst());
      expect(await m.assign()).toEqual([expect.objectContaining({ jobId, taskIndex: 0, workerId })]);
      await waitFor("the Cycles render reported", async () => (await m.taskStatus(jobId, 0)) === "rendered", 180_000);
      expect(metricSample(await scrapeDaemon(worker.metricsPort), "ifx_renders_total", { outcome: "rendered" })).toBe(1);
    } finally {
      await worker.stop();
    }
    const verifiers: DaemonHandle[] = [];
    try {
      for (const id of m.net.verifierIds.slice(0, 2)) {
        verifiers.push(await startVerifier(verifierConfigSchema.parse({
          manager: { url: m.url, chainId: m.chainId }, market: m.d.contracts.JobMarket, rpcUrl: m.rpcUrl, nodeId: id.toString(), dataDir: join(dir, `verifier-${id}`), pollSeconds: 0.2,
          spot: { enabled: true, secret: `0x${id.toString(16).padStart(2, "0").repeat(32)}` },
        }), { operator: m.net.operators.get(id)!, operatorKey: m.net.operatorKeys.get(id)!, logger }));
      }
      await waitFor("the committee's two verdicts", async () => (await m.taskStatus(jobId, 0)) === "accepted", 240_000);
    } finally {
      await Promise.all(verifiers.map((v) => v.stop()));
    }
    const verdicts = await m.db.selectFrom("verdicts").select(["accepted", "statistics"]).execute();
    expect(verdicts).toHaveLength(2);
    for (const v of verdicts) {
      expect(v.accepted).toBe(true);
      expect(v.statistics).toMatchObject({ accepted: true, spot: true, frames: [{ frame: 1, accepted: true, spot: { matches: true } }] });
    }
  }, 600_000);
});
