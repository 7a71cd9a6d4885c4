import { randomInt } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, JobSettings } from "../../db/schema.js";
import { toBigInt } from "../../db/schema.js";

export interface AssignOptions {
  now: Date;
  /** Workers not seen for this long get nothing. */
  heartbeatTimeoutSeconds: number;
  /** An attempt's deadline: past it without a result, the task is assigned again (`expireAttempts`). */
  taskTimeoutSeconds: number;
  /** Most tasks assigned by one call (one transaction). */
  maxTasks: number;
  /** Failures of one worker on one job after which it gets none of the job's tasks (the job's blocklist). */
  blockAfterFailures: number;
  /** A random index below n (crypto by default; seeded in tests). */
  pick?: (n: number) => number;
}

export interface Assignment {
  attemptId: number;
  jobId: string;
  taskIndex: number;
  workerId: bigint;
  deadline: Date;
}

interface Candidate {
  workerId: bigint;
  engines: string[];
  free: number;
  pricePerIbmWad: bigint;
  ibWad: bigint;
}

async function candidates(tx: Transaction<Database>, o: AssignOptions): Promise<Candidate[]> {
  const since = new Date(o.now.getTime() - o.heartbeatTimeoutSeconds * 1000);
  const rows = await tx.selectFrom("workers as w")
    .select(["w.worker_id", "w.engines", "w.slots", "w.price_per_ibm_wad", "w.ib_wad"])
    .select((eb) => eb.selectFrom("task_attempts as a").whereRef("a.worker_id", "=", "w.worker_id").where("a.status", "=", "assigned")
      .select(sql<number>`count(*)::int`.as("n")).as("live"))
    .where("w.eligible", "=", true).where("w.last_seen", ">=", since)
    .execute();
  return rows
    .map((r) => ({ workerId: toBigInt(r.worker_id), engines: r.engines, free: r.slots - Number(r.live ?? 0), pricePerIbmWad: toBigInt(r.price_per_ibm_wad), ibWad: toBigInt(r.ib_wad) }));
}

/**
 * The assigner (keepers/README step 4): each ready task of a running job, oldest job first, goes to a random worker
 * among those that heartbeat recently, are eligible on-chain, render the job's engine, ask at most the job's price,
 * meet its IB floor, have a free slot, are not on the job's blocklist and have not had a render of this task rejected.
 * A worker whose attempt at the task only timed out (slow, or restarted) gets it again only when no other live worker
 * fits the task at all, busy or not: a lone worker's slow render is retried instead of the task waiting for the job's
 * deadline, and the blocklist still ends the retries after `blockAfterFailures`. One transaction; tasks are locked
 * (SKIP LOCKED) so managers sharing a database never assign one task twice, and the unique live-attempt index backs
 * that up. Tasks with no candidate stay ready for the next round.
 */
export async function assignReadyTasks(db: Kysely<Database>, o: AssignOptions): Promise<Assignment[]> {
  const pick = o.pick ?? ((n: number) => randomInt(n));
  return db.transaction().execute(async (tx) => {
    const pool = await candidates(tx, o);
    if (!pool.some((c) => c.free > 0)) return [];
    const tasks = await tx.selectFrom("tasks as t").innerJoin("jobs as j", "j.id", "t.job_id")
      .select(["t.job_id", "t.task_index", "j.settings", "j.price_per_ibm_wad", "j.quote"])
      .where("t.status", "=", "ready").where("j.status", "=", "running")
      .orderBy("j.created_at").orderBy("t.task_index").limit(o.maxTasks)
      .forUpdate("t").skipLocked().execute();
    if (tasks.length === 0) return [];
    const jobIds = [...new Set(tasks.map((t) => t.job_id))];
    const blocked = await tx.selectFrom("job_blocklist").select(["job_id", "worker_id"])
      .where("job_id", "in", jobIds).where("failures", ">=", o.blockAfterFailures).execute();
    const failed = await tx.selectFrom("task_attempts").select(["job_id", "task_index", "worker_id", "status"])
      .where("job_id", "in", jobIds).where("status", "in", ["rejected", "timed_out"]).execute();
    const isBlocked = new Set(blocked.map((b) => `${b.job_id}:${b.worker_id}`));
    const failedAs = (status: string) => new Set(failed.filter((f) => f.status === status).map((f) => `${f.job_id}:${f.task_index}:${f.worker_id}`));
    const wasRejected = failedAs("rejected");
    const timedOut = failedAs("timed_out");
    const deadline = new Date(o.now.getTime() + o.taskTimeoutSeconds * 1000);
    const out: Assignment[] = [];
    for (const task of tasks) {
      const settings = task.settings as JobSettings;
      const price = toBigInt(task.price_per_ibm_wad);
      const floor = BigInt(String(task.quote["ibFloorWad"] ?? "0"));
      const key = (c: Candidate) => `${task.job_id}:${task.task_index}:${c.workerId}`;
      const fitting = pool.filter((c) => c.engines.includes(settings.engine) && c.pricePerIbmWad <= price && c.ibWad >= floor
        && !isBlocked.has(`${task.job_id}:${c.workerId}`) && !wasRejected.has(key(c)));
      const fresh = fitting.filter((c) => !timedOut.has(key(c)));
      const fit = (fresh.length > 0 ? fresh : fitting).filter((c) => c.free > 0);
      if (fit.length === 0) continue;
      const worker = fit[pick(fit.length)]!;
      worker.free--;
      const attempt = await tx.insertInto("task_attempts")
        .values({ job_id: task.job_id, task_index: task.task_index, worker_id: worker.workerId, assigned_at: o.now, deadline_at: deadline, updated_at: o.now })
        .returning("id").executeTakeFirstOrThrow();
      await tx.updateTable("tasks").set((eb) => ({ status: "assigned", attempts: eb("attempts", "+", 1), updated_at: o.now }))
        .where("job_id", "=", task.job_id).where("task_index", "=", task.task_index).execute();
      out.push({ attemptId: attempt.id, jobId: task.job_id, taskIndex: task.task_index, workerId: worker.workerId, deadline });
    }
    return out;
  });
}
