import type { ApiContext } from "./authenticateNode.js";

export const jobQueries = {
  async job(_: unknown, { id }: { id: string }, context: ApiContext) {
    const { db } = context.deps;
    const job = await db.selectFrom("jobs").selectAll().where("id", "=", id.toLowerCase()).executeTakeFirst();
    if (!job) return null;
    const tasks = await db.selectFrom("tasks as t")
      .leftJoin("task_attempts as a", (j) => j.onRef("a.job_id", "=", "t.job_id").onRef("a.task_index", "=", "t.task_index").on("a.status", "=", "accepted"))
      .select(["t.task_index", "t.frame_start", "t.frame_end", "t.status", "t.attempts", "a.result_cid"])
      .where("t.job_id", "=", job.id).orderBy("t.task_index").execute();
    const accepted = tasks.filter((t) => t.status === "accepted").length;
    return {
      id: job.id, status: job.status, artist: job.artist, sceneCid: job.scene_cid, frameStart: job.frame_start, frameEnd: job.frame_end, fee: job.fee,
      tasks: tasks.map((t) => ({ index: t.task_index, frameStart: t.frame_start, frameEnd: t.frame_end, status: t.status, attempts: t.attempts, resultCid: t.result_cid })),
      progress: job.task_count > 0 ? accepted / job.task_count : 0,
    };
  },
};
