import { StorageError } from "../../storage/storageError.js";
import { readManifest } from "../../results/frameManifest.js";
import type { ApiContext } from "./authenticateNode.js";

interface TaskView {
  index: number;
  status: string;
  resultCid: string | null;
}

export const jobQueries = {
  async job(_: unknown, { id }: { id: string }, context: ApiContext) {
    const { db } = context.deps;
    const job = await db.selectFrom("jobs").selectAll().where("id", "=", id.toLowerCase()).executeTakeFirst();
    if (!job) return null;
    const tasks = await db.selectFrom("tasks as t")
      .leftJoin("task_attempts as a", (j) => j.onRef("a.job_id", "=", "t.job_id").onRef("a.task_index", "=", "t.task_index").on("a.status", "=", "accepted"))
      // The live attempt's progress, as its worker's heartbeats report it (one live attempt per task: a unique index).
      .leftJoin("task_attempts as l", (j) => j.onRef("l.job_id", "=", "t.job_id").onRef("l.task_index", "=", "t.task_index").on("l.status", "=", "assigned"))
      .select(["t.task_index", "t.frame_start", "t.frame_end", "t.status", "t.attempts", "a.result_cid", "l.progress"])
      .where("t.job_id", "=", job.id).orderBy("t.task_index").execute();
    const settlements = await db.selectFrom("settlements").select(["settlement_index", "outcomes_root", "tx_hash", "status"])
      .where("job_id", "=", job.id).orderBy("settlement_index").execute();
    const accepted = tasks.filter((t) => t.status === "accepted").length;
    return {
      id: job.id, status: job.status, artist: job.artist, sceneCid: job.scene_cid, frameStart: job.frame_start, frameEnd: job.frame_end, fee: job.fee,
      taskCount: job.task_count, acceptedTasks: accepted, done: job.task_count > 0 && accepted === job.task_count,
      tasks: tasks.map((t) => ({ index: t.task_index, frameStart: t.frame_start, frameEnd: t.frame_end, status: t.status, attempts: t.attempts, resultCid: t.result_cid, renderProgress: t.progress })),
      progress: job.task_count > 0 ? accepted / job.task_count : 0,
      settlements: settlements.map((s) => ({ index: s.settlement_index, outcomesRoot: s.outcomes_root, txHash: s.tx_hash, status: s.status })),
    };
  },
};

/**
 * A task's frames, read from its accepted result's manifest only when a caller asks for them (one store read per
 * task): each with the gateway path it downloads from (`/ipfs/<cid>`, on this server). Null before acceptance, or
 * when the manager was started without a store; a result that is missing or not a manifest is an empty list, logged.
 */
export const taskFields = {
  async frames(task: TaskView, _: unknown, context: ApiContext) {
    const { store, logger } = context.deps;
    if (task.status !== "accepted" || !task.resultCid || !store) return null;
    try {
      const manifest = await readManifest(store, task.resultCid);
      return manifest.frames.map((f) => ({ frame: f.frame, cid: f.cid, width: f.width, height: f.height, url: `/ipfs/${f.cid}` }));
    } catch (error) {
      if (!(error instanceof StorageError) && !(error instanceof RangeError)) throw error;
      logger.warn({ err: error, resultCid: task.resultCid }, "an accepted result's manifest cannot be read");
      return [];
    }
  },
};
