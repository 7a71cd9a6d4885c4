/** A task: a contiguous chunk of a job's frames (DESIGN step 3: 1,000 frames -> 200 tasks of 5). */
export interface TaskFrames {
  taskIndex: number;
  frameStart: number;
  frameEnd: number;
}

/** Most tasks a job may have: the market packs task indices in 32 bits, the manager keeps a row per task. */
export const MAX_TASKS_PER_JOB = 100_000;

/**
 * The job's frames [frameStart, frameEnd] in chunks of `framesPerTask` (the last one shorter), in frame order. Work is
 * spread over tasks by their frame counts (`taskWorkWad`), so a job's tasks sum to exactly its quoted work.
 */
export function splitTasks(frameStart: number, frameEnd: number, framesPerTask: number): TaskFrames[] {
  if (!Number.isSafeInteger(frameStart) || !Number.isSafeInteger(frameEnd) || frameEnd < frameStart) {
    throw new RangeError(`invalid frame range ${frameStart}..${frameEnd}`);
  }
  if (!Number.isSafeInteger(framesPerTask) || framesPerTask < 1) throw new RangeError(`framesPerTask must be a positive integer, got ${framesPerTask}`);
  const frames = frameEnd - frameStart + 1;
  const count = Math.ceil(frames / framesPerTask);
  if (count > MAX_TASKS_PER_JOB) throw new RangeError(`${frames} frames in chunks of ${framesPerTask} make ${count} tasks; at most ${MAX_TASKS_PER_JOB}`);
  return Array.from({ length: count }, (_, taskIndex) => ({
    taskIndex,
    frameStart: frameStart + taskIndex * framesPerTask,
    frameEnd: Math.min(frameEnd, frameStart + (taskIndex + 1) * framesPerTask - 1),
  }));
}

/** Task `t`'s share of the job's work: by frames, the rounding remainder on the last task, so the shares sum exactly. */
export function taskWorkWad(workWad: bigint, tasks: readonly TaskFrames[], taskIndex: number): bigint {
  const frames = (t: TaskFrames) => BigInt(t.frameEnd - t.frameStart + 1);
  const total = tasks.reduce((sum, t) => sum + frames(t), 0n);
  const task = tasks[taskIndex];
  if (!task) throw new RangeError(`no task ${taskIndex} in a job of ${tasks.length}`);
  if (taskIndex < tasks.length - 1) return (workWad * frames(task)) / total;
  const others = tasks.slice(0, -1).reduce((sum, t) => sum + (workWad * frames(t)) / total, 0n);
  return workWad - others;
}

/** The id a task's PoR secret is derived with (HKDF info): unique across jobs, readable in logs. */
export function taskIdOf(jobId: string, taskIndex: number): string {
  return `${jobId.toLowerCase()}/${taskIndex}`;
}
