import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { deriveTaskSecret } from "../../../por/deriveTaskSecret.js";
import { PorError } from "../../../por/porError.js";
import { createTaskKey, serializeTaskKey, taskKeyHash } from "../../../por/taskKey.js";
import type { Database, JobSettings } from "../../db/schema.js";
import { markBlendTask } from "../../engines/blender/marks/markBlendTask.js";
import type { MarkTaskOptions } from "../../engines/marks/markTask.js";
import { markGltfTask } from "../../engines/pathtracer/marks/markGltfTask.js";
import { withWorkDir } from "../../engines/withWorkDir.js";
import type { Logger } from "../../log/createLogger.js";
import type { ContentStore } from "../../storage/contentStore.js";
import { markTaskReady } from "../store/markTaskReady.js";
import { taskIdOf } from "../tasks/splitTasks.js";

export interface MarkingDeps {
  db: Kysely<Database>;
  store: ContentStore;
  porSecret: Uint8Array;
  /** Atomic noises per frame (WP: 8-15). */
  marks: number;
  /** Where fetched scenes are kept (one file per scene CID, reused by every task of the job). */
  cacheDir: string;
  threads: number;
  logger: Logger;
}

const EXTENSION: Readonly<Record<JobSettings["engine"], string>> = { pathtracer: ".glb", blender: ".blend" };

async function cachedScene(deps: MarkingDeps, cid: string, engine: JobSettings["engine"]): Promise<string> {
  const path = join(deps.cacheDir, `${cid}${EXTENSION[engine]}`);
  if (await stat(path).then(() => true, () => false)) return path;
  await mkdir(deps.cacheDir, { recursive: true });
  await deps.store.saveFile(cid, path); // atomic: a half-fetched scene is never found here
  return path;
}

/**
 * Marks the pending tasks of running jobs, one at a time (marking renders previews: it takes the CPU), oldest job
 * first (keepers/README step 3): each task's key drawn from HKDF(manager secret, task id), its marks placed and inserted
 * into a new scene with the job's engine, the marked scene stored by CID, the version 2 key kept (sealed to the
 * committee only when a verifier asks), and the task made ready. A scene that cannot hold the marks fails its job
 * (status `failed`: the artist reclaims the escrow after the deadline); other errors leave the task pending for the
 * next round. Returns the tasks marked.
 */
export async function markPendingTasks(deps: MarkingDeps, limit = 4): Promise<{ jobId: string; taskIndex: number; sceneCid: string }[]> {
  const pending = await deps.db.selectFrom("tasks as t").innerJoin("jobs as j", "j.id", "t.job_id")
    .select(["t.job_id", "t.task_index", "t.frame_start", "t.frame_end", "j.scene_cid", "j.settings"])
    .where("t.status", "=", "pending").where("j.status", "in", ["escrowed", "running"])
    .orderBy("j.created_at").orderBy("t.task_index").limit(limit).execute();
  const done: { jobId: string; taskIndex: number; sceneCid: string }[] = [];
  for (const task of pending) {
    const taskId = taskIdOf(task.job_id, task.task_index);
    const log = deps.logger.child({ jobId: task.job_id, taskIndex: task.task_index });
    try {
      const input = await cachedScene(deps, task.scene_cid, task.settings.engine);
      const frames = Array.from({ length: task.frame_end - task.frame_start + 1 }, (_, i) => task.frame_start + i);
      const options: MarkTaskOptions = {
        frames, resolution: task.settings.resolution, key: createTaskKey(deps.porSecret, taskId, { n: deps.marks }), secret: deriveTaskSecret(deps.porSecret, taskId),
        // Workers render without the denoiser (renderAssignment): the marks' imprints are exact, and so is the tolerance.
        render: { samples: task.settings.samples, bounces: task.settings.bounces, denoise: false }, preview: { samples: 4, seed: 1, threads: deps.threads },
      };
      const sceneCid = await withWorkDir("inferix-mark-", async (dir) => {
        const output = join(dir, `marked${EXTENSION[task.settings.engine]}`);
        const marked = task.settings.engine === "blender" ? await markBlendTask(input, output, options) : await markGltfTask(input, output, options);
        const cid = await deps.store.addFile(output);
        await markTaskReady(deps.db, task.job_id, task.task_index, cid, taskKeyHash(marked.key), serializeTaskKey(marked.key));
        log.info({ sceneCid: cid, timings: marked.timings }, "task marked");
        return cid;
      });
      done.push({ jobId: task.job_id, taskIndex: task.task_index, sceneCid });
    } catch (error) {
      if (error instanceof PorError && error.code === "PLACEMENT_FAILED") {
        await deps.db.updateTable("jobs").set({ status: "failed" }).where("id", "=", task.job_id).execute();
        log.error({ err: error }, "the scene cannot hold the task's marks: job failed");
      } else {
        log.warn({ err: error }, "marking failed; retried next round");
      }
    }
  }
  return done;
}
