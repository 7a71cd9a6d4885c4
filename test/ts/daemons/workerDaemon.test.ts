import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DaemonHandle } from "../../../keepers/daemon/daemonHandle.js";
import { expireAttempts } from "../../../keepers/manager/store/expireAttempts.js";
import { readManifest } from "../../../keepers/results/frameManifest.js";
import { startWorker } from "../../../keepers/worker/startWorker.js";
import { workerConfigSchema } from "../../../keepers/worker/workerConfig.js";
import { metricSample, scrapeDaemon } from "../helpers/metricSample.js";
import { captureLogs, startTestManager, waitFor, type TestManager } from "../helpers/startTestManager.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";

const logger = pino({ level: process.env["DEBUG_DAEMONS"] ? "debug" : "silent" });

/**
 * The worker daemon against a real manager (API, gateway, uploads) on a local chain: one job of three single-frame
 * tasks, rendered slowly enough (128x72, 16 samples, one thread) to be caught mid-render.
 */
describe("the worker daemon", () => {
  let m: TestManager;
  let jobId: string;
  let dir: string;
  let workerA: bigint;
  let workerB: bigint;

  beforeAll(async () => {
    m = await startTestManager(2);
    [workerA, workerB] = m.net.workerIds as [bigint, bigint];
    dir = await tempDir("inferix-workers-");
    jobId = await m.openJob(3, { resolution: { width: 128, height: 72 }, samples: 16, bounces: 2 });
  }, 120_000);
  afterAll(async () => {
    await m?.close();
    await cleanup(dir);
  });

  const start = (workerId: bigint, name: string, log = logger): Promise<DaemonHandle> => {
    const config = workerConfigSchema.parse({
      manager: { url: m.url, chainId: m.chainId }, nodeId: workerId.toString(), dataDir: join(dir, name), threads: 1, slots: 1, engines: ["pathtracer"],
      heartbeatSeconds: 0.3, pollSeconds: 0.2, drainGraceSeconds: 30, metricsPort: 0,
    });
    return startWorker(config, { operator: m.net.operators.get(workerId)!, logger: log });
  };
  const heartbeatOf = (workerId: bigint) => m.db.selectFrom("workers").select(["engines", "slots", "eligible", "last_seen"]).where("worker_id", "=", workerId.toString()).executeTakeFirst();
  const live = (handle: DaemonHandle, attemptId: number) => waitFor(`attempt ${attemptId} in flight`, async () => handle.inFlight().some((t) => t.attemptId === attemptId));

  it("heartbeats, renders its assignment, and stopped mid-render within the grace period, finishes and reports it", async () => {
    const a = await start(workerA, "a");
    try {
      expect(await waitFor("a heartbeat", () => heartbeatOf(workerA))).toMatchObject({ engines: ["pathtracer"], slots: 1, eligible: true });
      const [assignment] = await m.assign();
      expect(assignment).toMatchObject({ jobId, taskIndex: 0, workerId: workerA });
      await live(a, assignment!.attemptId);
    } finally {
      await a.stop(); // the drain waits for the render, the uploads and the report
    }
    const [rendered] = await m.attemptsOf(jobId, 0);
    expect(rendered).toMatchObject({ status: "rendered", worker_id: workerA.toString() });
    expect(await m.taskStatus(jobId, 0)).toBe("rendered");
    // The manager holds the manifest and every frame: verifiers and the artist fetch them from it.
    const manifest = await readManifest(m.store, rendered!.result_cid!);
    expect(manifest.frames.map((f) => [f.frame, f.width, f.height])).toEqual([[0, 128, 72]]);
    for (const frame of manifest.frames) expect(await m.store.has(frame.cid)).toBe(true);
  }, 90_000);

  it("on stop past the grace period, cancels the render and hands the task back: the task is ready again", async () => {
    const a = await start(workerA, "a");
    try {
      const [assignment] = await m.assign();
      expect(assignment).toMatchObject({ taskIndex: 1, workerId: workerA });
      await live(a, assignment!.attemptId);
      // The heartbeat carries the render's progress onto the attempt.
      await waitFor("progress", async () => (await m.attemptsOf(jobId, 1))[0]?.progress !== null);
      const query = JSON.stringify({ query: `{ job(id: "${jobId}") { tasks { index status renderProgress } } }` });
      const answer = (await (await fetch(`${m.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: query })).json()) as { data: { job: { tasks: { index: number; status: string; renderProgress: number | null }[] } } };
      expect(answer.data.job.tasks[1]).toMatchObject({ index: 1, status: "assigned", renderProgress: expect.any(Number) });
      await a.stop(50);
      await a.done;
      expect((await m.attemptsOf(jobId, 1)).map((t) => t.status)).toEqual(["released"]);
      expect(await m.taskStatus(jobId, 1)).toBe("ready");
    } finally {
      await a.kill();
    }
  }, 60_000);

  it("killed mid-render (nothing handed back), resumes its live assignment when restarted", async () => {
    const [assignment] = await m.assign();
    expect(assignment).toMatchObject({ taskIndex: 1, workerId: workerA });
    const first = await start(workerA, "a");
    await live(first, assignment!.attemptId);
    await first.kill();
    expect((await m.attemptsOf(jobId, 1)).at(-1)).toMatchObject({ id: assignment!.attemptId, status: "assigned" });
    const again = await start(workerA, "a");
    try {
      const rendered = await waitFor("the resumed result", async () => (await m.attemptsOf(jobId, 1)).find((t) => t.id === assignment!.attemptId && t.status === "rendered"), 60_000);
      expect(rendered.result_cid).toMatch(/^baf/);
    } finally {
      await again.stop();
    }
  }, 90_000);

  it("killed for good: its attempt times out and another worker renders the task, through a manager outage", async () => {
    const a = await start(workerA, "a");
    const [assignment] = await m.assign();
    expect(assignment).toMatchObject({ taskIndex: 2, workerId: workerA });
    await live(a, assignment!.attemptId);
    await a.kill();
    expect(await expireAttempts(m.db, new Date(Date.now() + 601_000))).toEqual([assignment!.attemptId]);
    const { logger: capture, lines } = captureLogs();
    const b = await start(workerB, "b", capture);
    try {
      await waitFor("b's heartbeat", () => heartbeatOf(workerB));
      const [reassigned] = await m.assign();
      expect(reassigned).toMatchObject({ taskIndex: 2, workerId: workerB }); // a failed this task: never given it again
      // The manager goes away while b renders, and comes back: heartbeats, uploads and the report are retried.
      await live(b, reassigned!.attemptId);
      await m.takeDown();
      await waitFor("a failed heartbeat", async () => lines.some((l) => l.msg === "heartbeat failed; retrying"));
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await m.bringUp();
      const rendered = await waitFor("b's result", async () => (await m.attemptsOf(jobId, 2)).find((t) => t.status === "rendered"), 60_000);
      expect(rendered.worker_id).toBe(workerB.toString());
      expect((await m.attemptsOf(jobId, 2)).map((t) => t.status)).toEqual(["timed_out", "rendered"]);
      const scraped = await scrapeDaemon(b.metricsPort);
      expect(metricSample(scraped, "ifx_heartbeat_failures_total")).toBeGreaterThanOrEqual(1);
      expect(metricSample(scraped, "ifx_renders_total", { outcome: "rendered" })).toBe(1);
    } finally {
      await m.bringUp().catch(() => {});
      await b.stop();
    }
  }, 90_000);
});
