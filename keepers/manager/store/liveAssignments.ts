import type { Kysely } from "kysely";
import type { Database, JobSettings } from "../../db/schema.js";

export interface WorkerTask {
  attemptId: number;
  jobId: string;
  taskIndex: number;
  frameStart: number;
  frameEnd: number;
  markedSceneCid: string;
  settings: JobSettings;
  deadline: Date;
}

/** What a worker is assigned now (its `nextTask` poll): every live attempt of it, oldest first, with what to render. */
export async function liveAssignments(db: Kysely<Database>, workerId: bigint): Promise<WorkerTask[]> {
  const rows = await db.selectFrom("task_attempts as a")
    .innerJoin("tasks as t", (j) => j.onRef("t.job_id", "=", "a.job_id").onRef("t.task_index", "=", "a.task_index"))
    .innerJoin("jobs as j", "j.id", "a.job_id")
    .select(["a.id", "a.job_id", "a.task_index", "a.deadline_at", "t.frame_start", "t.frame_end", "t.marked_scene_cid", "j.settings"])
    .where("a.worker_id", "=", workerId.toString()).where("a.status", "=", "assigned")
    .orderBy("a.assigned_at").execute();
  return rows.map((r) => ({
    attemptId: r.id, jobId: r.job_id, taskIndex: r.task_index, frameStart: r.frame_start, frameEnd: r.frame_end,
    markedSceneCid: r.marked_scene_cid!, settings: r.settings, deadline: r.deadline_at,
  }));
}
