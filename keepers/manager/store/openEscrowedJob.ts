import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { toBigInt } from "../../db/schema.js";
import { splitTasks, taskWorkWad } from "../tasks/splitTasks.js";

/**
 * The artist escrowed a quoted job on-chain (`JobCreated`): the job runs, and its tasks exist (pending marking), with
 * their frames and work shares. One transaction, idempotent: a replayed event or a second manager instance finds the
 * job already escrowed and changes nothing. Returns whether this call opened it; false for a job this manager never
 * quoted (another manager's) or one already open.
 */
export async function openEscrowedJob(db: Kysely<Database>, jobId: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const job = await tx.updateTable("jobs").set({ status: "escrowed", updated_at: sql`now()` })
      .where("id", "=", jobId.toLowerCase()).where("status", "=", "quoted")
      .returning(["id", "frame_start", "frame_end", "settings", "work_wad"]).executeTakeFirst();
    if (!job) return false;
    const tasks = splitTasks(job.frame_start, job.frame_end, job.settings.framesPerTask);
    const work = toBigInt(job.work_wad);
    await tx.insertInto("tasks").values(tasks.map((t) => ({
      job_id: job.id, task_index: t.taskIndex, frame_start: t.frameStart, frame_end: t.frameEnd, work_wad: taskWorkWad(work, tasks, t.taskIndex),
    }))).execute();
    return true;
  });
}
