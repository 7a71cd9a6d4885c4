import { splitTasks, taskWorkWad } from "../manager/tasks/splitTasks.js";
import type { JobQuote } from "./openVerifierChain.js";

/**
 * The work of task `taskIndex` that the job's quote allows, given the frames the task holds (its PoR key's frames, which
 * the result must hold exactly), or why those frames are no task of the quote. The quote fixes the frames, the task
 * count and the work but not the frames per task, so that is read off the task itself (a task before the last holds
 * exactly that many frames, the last one starts after `taskIndex` of them) and the job is split the manager's way
 * (`splitTasks`, `taskWorkWad`): the task must be the one that split gives at its index, with `taskCount` tasks in all.
 * A manager cannot then move work between tasks: every task of a job is paid by frames, and the tasks of one split sum
 * to the quote's work exactly (a mixture of splits is caught by the sum over the job's settlements).
 */
export function quotedTaskWork(quote: JobQuote, taskIndex: number, frames: readonly number[]): { workWad: bigint } | { problem: string } {
  const { frameStart, frameEnd, taskCount } = quote;
  const what = `task ${taskIndex} (frames ${frames.length === 0 ? "none" : `${frames[0]}..${frames.at(-1)}`})`;
  const problem = (why: string) => ({ problem: `${what} is not a task of the job's quote (frames ${frameStart}..${frameEnd} in ${taskCount} tasks): ${why}` });
  if (!Number.isInteger(taskIndex) || taskIndex < 0 || taskIndex >= taskCount) return problem(`the quote has tasks 0..${taskCount - 1}`);
  const sorted = [...frames].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined || sorted.some((f, i) => f !== first + i)) return problem("its frames are not one run of consecutive frames");
  const isLast = taskIndex === taskCount - 1;
  let framesPerTask: number;
  if (!isLast) framesPerTask = last - first + 1;
  else if (taskIndex === 0) framesPerTask = frameEnd - frameStart + 1;
  else if ((first - frameStart) % taskIndex !== 0) return problem("no whole number of frames per task puts it there");
  else framesPerTask = (first - frameStart) / taskIndex;
  if (framesPerTask < 1) return problem("no whole number of frames per task puts it there");
  let tasks;
  try {
    tasks = splitTasks(frameStart, frameEnd, framesPerTask);
  } catch (error) {
    return problem((error as Error).message); // more tasks than a job may have: no manager split the job so
  }
  const task = tasks[taskIndex];
  if (tasks.length !== taskCount || task?.frameStart !== first || task.frameEnd !== last) {
    return problem(`${framesPerTask} frames a task would make ${tasks.length} tasks, task ${taskIndex} being frames ${task ? `${task.frameStart}..${task.frameEnd}` : "none"}`);
  }
  return { workWad: taskWorkWad(quote.workWad, tasks, taskIndex) };
}
