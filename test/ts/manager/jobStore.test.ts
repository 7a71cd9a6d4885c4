import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import { toBigInt, type JobSettings } from "../../../keepers/db/schema.js";
import type { Quote } from "../../../keepers/market/typedData.js";
import { assignReadyTasks, type AssignOptions } from "../../../keepers/manager/store/assignReadyTasks.js";
import { expireAttempts } from "../../../keepers/manager/store/expireAttempts.js";
import { liveAssignments } from "../../../keepers/manager/store/liveAssignments.js";
import { markTaskReady } from "../../../keepers/manager/store/markTaskReady.js";
import { openEscrowedJob } from "../../../keepers/manager/store/openEscrowedJob.js";
import { recordHeartbeat, type WorkerHeartbeat } from "../../../keepers/manager/store/recordHeartbeat.js";
import { recordQuote } from "../../../keepers/manager/store/recordQuote.js";
import { recordResult } from "../../../keepers/manager/store/recordResult.js";
import { recordVerdict } from "../../../keepers/manager/store/recordVerdict.js";
import { testBackends } from "../helpers/testDatabases.js";

const WAD = 10n ** 18n;
const PRICE = 5n * WAD / 100n;
const SETTINGS: JobSettings = { engine: "pathtracer", resolution: { width: 320, height: 180 }, samples: 16, bounces: 4, framesPerTask: 2 };

function quote(n: number, frames = 6): Quote {
  const id = `0x${n.toString(16).padStart(64, "0")}` as const;
  return {
    jobId: id, artist: "0x00000000000000000000000000000000000000a1", sceneCid: `0x${"ab".repeat(32)}`, frameStart: 1, frameEnd: frames,
    taskCount: Math.ceil(frames / 2), workWad: 100n * WAD + 1n, pricePerIbmWad: PRICE, fee: 5n * WAD + 1n, ibFloorWad: WAD / 2n,
    keysCommitment: `0x${"cd".repeat(32)}`, expiry: 1n, deadline: 2n, managerId: 3n,
  };
}

const worker = (id: bigint, overrides: Partial<WorkerHeartbeat> = {}): WorkerHeartbeat => ({
  workerId: id, operator: `0x${id.toString(16).padStart(40, "0")}`, engines: ["pathtracer", "blender"], slots: 1, pricePerIbmWad: PRICE, ibWad: WAD, eligible: true, ...overrides,
});

const { backends, dropAll } = await testBackends("jobs");
afterAll(dropAll);

describe.each(backends)("the manager's job store on $name", ({ available, config }) => {
  let open: OpenDatabase;
  let clock = new Date("2026-11-25T12:00:00Z");
  const options = (overrides: Partial<AssignOptions> = {}): AssignOptions => ({
    now: clock, heartbeatTimeoutSeconds: 60, taskTimeoutSeconds: 600, maxTasks: 100, blockAfterFailures: 3, pick: () => 0, ...overrides,
  });
  beforeAll(async () => {
    if (available) open = await openDatabase(config);
  });
  afterAll(async () => open?.close());

  it.skipIf(!available)("opens an escrowed job once, with tasks whose work sums to the quote", async () => {
    await recordQuote(open.db, quote(1), "0xsig", "bafy-scene", SETTINGS);
    await recordQuote(open.db, quote(1), "0xsig", "bafy-scene", SETTINGS); // replayed: no-op
    expect(await openEscrowedJob(open.db, quote(1).jobId)).toBe(true);
    expect(await openEscrowedJob(open.db, quote(1).jobId)).toBe(false);
    expect(await openEscrowedJob(open.db, quote(99).jobId)).toBe(false);
    const tasks = await open.db.selectFrom("tasks").selectAll().where("job_id", "=", quote(1).jobId).orderBy("task_index").execute();
    expect(tasks.map((t) => [t.frame_start, t.frame_end, t.status])).toEqual([[1, 2, "pending"], [3, 4, "pending"], [5, 6, "pending"]]);
    expect(tasks.reduce((sum, t) => sum + toBigInt(t.work_wad), 0n)).toBe(100n * WAD + 1n);
  });

  it.skipIf(!available)("assigns ready tasks only to live, eligible, fitting workers with a free slot", async () => {
    const jobId = quote(1).jobId;
    for (const t of [0, 1, 2]) expect(await markTaskReady(open.db, jobId, t, `bafy-marked-${t}`, `0xkey${t}`)).toBe(true);
    expect(await markTaskReady(open.db, jobId, 0, "bafy-other", "0xother")).toBe(false);
    await recordHeartbeat(open.db, worker(10n), clock);
    await recordHeartbeat(open.db, worker(11n, { engines: ["blender"] }), clock);
    await recordHeartbeat(open.db, worker(12n, { pricePerIbmWad: PRICE + 1n }), clock);
    await recordHeartbeat(open.db, worker(13n, { ibWad: WAD / 4n }), clock);
    await recordHeartbeat(open.db, worker(14n, { eligible: false }), clock);
    await recordHeartbeat(open.db, worker(15n), new Date(clock.getTime() - 61_000));
    await recordHeartbeat(open.db, worker(16n, { slots: 2 }), clock);
    const assigned = await assignReadyTasks(open.db, options());
    // Worker 10 (one slot) takes task 0, worker 16 (two slots) tasks 1 and 2; the others do not fit.
    expect(assigned.map((a) => [a.taskIndex, a.workerId])).toEqual([[0, 10n], [1, 16n], [2, 16n]]);
    expect(await assignReadyTasks(open.db, options())).toEqual([]);
    const live = await liveAssignments(open.db, 16n);
    expect(live.map((t) => [t.taskIndex, t.frameStart, t.frameEnd, t.markedSceneCid])).toEqual([[1, 3, 4, "bafy-marked-1"], [2, 5, 6, "bafy-marked-2"]]);
    expect(live[0]!.settings).toEqual(SETTINGS);
  });

  it.skipIf(!available)("takes a result from the attempt's own worker only, once", async () => {
    const [attempt] = await liveAssignments(open.db, 10n);
    expect(await recordResult(open.db, attempt!.attemptId, 16n, "bafy-frames", "0xsigned")).toBe("not_assigned");
    expect(await recordResult(open.db, attempt!.attemptId, 10n, "bafy-frames", "0xsigned")).toBe("recorded");
    expect(await recordResult(open.db, attempt!.attemptId, 10n, "bafy-frames", "0xsigned")).toBe("duplicate");
    expect(await recordResult(open.db, attempt!.attemptId, 10n, "bafy-other", "0xsigned")).toBe("not_assigned");
  });

  it.skipIf(!available)("makes a task final when two verdicts agree; a rejected task goes to another worker", async () => {
    const [attempt] = await open.db.selectFrom("task_attempts").select("id").where("result_cid", "=", "bafy-frames").execute();
    const verdict = (verifier: bigint, accepted: boolean) => ({ attemptId: attempt!.id, verifierId: verifier, accepted, statistics: { matched: 8 }, signature: "0xv" });
    expect(await recordVerdict(open.db, verdict(1n, false), 2)).toBe("pending");
    expect(await recordVerdict(open.db, verdict(1n, true), 2)).toBe("duplicate");
    expect(await recordVerdict(open.db, verdict(2n, false), 2)).toBe("rejected");
    expect(await recordVerdict(open.db, verdict(3n, true), 2)).toBe("rejected"); // a late third verdict changes nothing
    const task = await open.db.selectFrom("tasks").select(["status", "attempts"]).where("task_index", "=", 0).where("job_id", "=", quote(1).jobId).executeTakeFirstOrThrow();
    expect(task).toEqual({ status: "ready", attempts: 1 });
    // Worker 10 failed task 0 and worker 16 has no free slot: a fresh worker takes it.
    await recordHeartbeat(open.db, worker(17n), clock);
    expect((await assignReadyTasks(open.db, options())).map((a) => [a.taskIndex, a.workerId])).toEqual([[0, 17n]]);
    const [second] = await liveAssignments(open.db, 17n);
    await recordResult(open.db, second!.attemptId, 17n, "bafy-good", "0xsigned");
    const good = (verifier: bigint) => ({ attemptId: second!.attemptId, verifierId: verifier, accepted: true, statistics: {}, signature: "0xv" });
    expect(await recordVerdict(open.db, good(1n), 2)).toBe("pending");
    expect(await recordVerdict(open.db, good(2n), 2)).toBe("accepted");
    expect(await recordVerdict(open.db, { ...good(3n), attemptId: 999_999 }, 2)).toBe("not_verifiable");
  });

  it.skipIf(!available)("times out attempts past their deadline, and blocks a worker from a job after three failures", async () => {
    clock = new Date(clock.getTime() + 601_000);
    const expired = await expireAttempts(open.db, clock);
    expect(expired).toHaveLength(2); // worker 16's two tasks
    const blocked = await open.db.selectFrom("job_blocklist").select(["worker_id", "failures"]).where("worker_id", "=", "16").executeTakeFirstOrThrow();
    expect(blocked.failures).toBe(2);
    // Worker 16 failed both tasks: it is not given them again; worker 17 (free again) takes one.
    await recordHeartbeat(open.db, worker(16n, { slots: 2 }), clock);
    await recordHeartbeat(open.db, worker(17n), clock);
    expect((await assignReadyTasks(open.db, options({ now: clock }))).map((a) => a.workerId)).toEqual([17n]);
    // A new job: worker 16 has 2 failures on job 1 only, so job 2's tasks may go to it.
    await recordQuote(open.db, quote(2, 2), "0xsig", "bafy-scene", SETTINGS);
    await openEscrowedJob(open.db, quote(2).jobId);
    await markTaskReady(open.db, quote(2).jobId, 0, "bafy-m", "0xk");
    const next = await assignReadyTasks(open.db, options({ now: clock }));
    expect(next.map((a) => [a.jobId, a.workerId])).toEqual([[quote(2).jobId, 16n]]);
  });

  it.skipIf(!available)("never assigns one task twice when assigners race", async () => {
    await recordQuote(open.db, quote(3, 20), "0xsig", "bafy-scene", SETTINGS);
    await openEscrowedJob(open.db, quote(3).jobId);
    for (let t = 0; t < 10; t++) await markTaskReady(open.db, quote(3).jobId, t, `bafy-${t}`, `0x${t}`);
    for (let w = 100n; w < 110n; w++) await recordHeartbeat(open.db, worker(w, { slots: 3 }), clock);
    const rounds = await Promise.allSettled([1, 2, 3].map(() => assignReadyTasks(open.db, options({ now: clock, pick: (n) => n - 1 }))));
    const assigned = rounds.flatMap((r) => (r.status === "fulfilled" ? r.value : [])).filter((a) => a.jobId === quote(3).jobId);
    expect(new Set(assigned.map((a) => a.taskIndex)).size).toBe(assigned.length);
    const live = await open.db.selectFrom("task_attempts").select(["task_index"]).where("job_id", "=", quote(3).jobId).where("status", "=", "assigned").execute();
    expect(live.length).toBe(assigned.length);
    expect(live.length).toBe(10);
  });

  it.skipIf(!available)("gives a timed-out task back to its worker only when no other live worker fits it; a rejected render, never", async () => {
    clock = new Date(clock.getTime() + 3_600_000); // every earlier heartbeat is stale
    const blender = { ...SETTINGS, engine: "blender" as const };
    await recordQuote(open.db, quote(4, 2), "0xsig", "bafy-scene", blender);
    await openEscrowedJob(open.db, quote(4).jobId);
    await markTaskReady(open.db, quote(4).jobId, 0, "bafy-m4", "0xk4");
    const lone = worker(200n, { engines: ["blender"] });
    const other = worker(201n, { engines: ["blender"] });
    const expireAndAssign = async (beat: WorkerHeartbeat[], pick?: (n: number) => number) => {
      clock = new Date(clock.getTime() + 601_000);
      await expireAttempts(open.db, clock);
      for (const w of beat) await recordHeartbeat(open.db, w, clock);
      return (await assignReadyTasks(open.db, options({ now: clock, ...(pick ? { pick } : {}) }))).map((a) => a.workerId);
    };
    await recordHeartbeat(open.db, lone, clock);
    expect((await assignReadyTasks(open.db, options({ now: clock }))).map((a) => a.workerId)).toEqual([200n]);
    // Its render times out and no other worker is live: the task is retried by the same worker, not left waiting.
    expect(await expireAndAssign([lone])).toEqual([200n]);
    // It times out again; now another worker is live: only that one is a candidate.
    const choices: number[] = [];
    expect(await expireAndAssign([lone, other], (n) => { choices.push(n); return 0; })).toEqual([201n]);
    expect(choices).toEqual([1]);
    // Worker 201's render is rejected by the committee: it never gets the task again; 200 (only timed out) does.
    const [attempt] = await liveAssignments(open.db, 201n);
    await recordResult(open.db, attempt!.attemptId, 201n, "bafy-cheap", "0xsigned");
    for (const v of [1n, 2n]) await recordVerdict(open.db, { attemptId: attempt!.attemptId, verifierId: v, accepted: false, statistics: {}, signature: "0xv" }, 2);
    clock = new Date(clock.getTime() + 1_000);
    for (const w of [lone, other]) await recordHeartbeat(open.db, w, clock);
    expect((await assignReadyTasks(open.db, options({ now: clock }))).map((a) => a.workerId)).toEqual([200n]);
    // A third timeout puts 200 on the job's blocklist: nobody is left for the task, which stays ready.
    expect(await expireAndAssign([lone, other])).toEqual([]);
    const task = await open.db.selectFrom("tasks").select("status").where("job_id", "=", quote(4).jobId).executeTakeFirstOrThrow();
    expect(task.status).toBe("ready");
  });
});
