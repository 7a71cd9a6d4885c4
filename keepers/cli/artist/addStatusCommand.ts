import type { Command } from "commander";
import { setTimeout as sleep } from "node:timers/promises";
import { CliError, EXIT } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";
import { integerIn } from "../parseArguments.js";
import { printResult } from "../printResult.js";
import { FAILED_STATUSES, fetchJob, FINAL_STATUSES, type JobView } from "./fetchJob.js";
import { ARTIST_EXIT_CODES, managerUrlOf, parseManagerUrl } from "./managerClient.js";
import { progressBar, REDRAW_PREVIOUS_LINE } from "./progressBar.js";

interface StatusFlags {
  manager?: string;
  watch?: boolean;
  interval: number;
  json?: boolean;
}

function summary(job: JobView): string {
  return `${job.id} ${job.status} ${progressBar(job.progress)} ${job.acceptedTasks}/${job.taskCount} tasks`;
}

function details(job: JobView): string {
  const byStatus = new Map<string, number>();
  for (const t of job.tasks) byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
  const settled = job.settlements.map((s) => `  settlement #${s.index} ${s.status}${s.txHash ? ` ${s.txHash}` : ""}`);
  return [
    summary(job),
    `  frames ${job.frameStart}-${job.frameEnd}, scene ${job.sceneCid}`,
    `  tasks: ${[...byStatus].map(([s, n]) => `${n} ${s}`).join(", ") || "none yet"}`,
    ...settled,
  ].join("\n");
}

/** Done: every task accepted, or a status the job never leaves. */
function finished(job: JobView): boolean {
  return job.done || FINAL_STATUSES.has(job.status);
}

/**
 * `ifx status <job>`: the job's progress from its manager. With `--watch` it polls until the job is done, a bar
 * redrawn in place on a terminal, one line per change otherwise (logs stay readable), then ends: exit 0 when every
 * task is accepted or the job settled, 1 when it failed, expired or was cancelled.
 */
export function addStatusCommand(program: Command, context: CommandContext): void {
  program.command("status")
    .description("artist: a job's status and progress (tasks accepted), from its manager")
    .argument("<job>", "the job id (0x..., printed by ifx submit)")
    .option("--manager <url>", "the manager's URL (default: IFX_MANAGER_URL)", parseManagerUrl)
    .option("--watch", "poll until the job is done, with a progress bar")
    .option("--interval <seconds>", "seconds between polls with --watch", integerIn(1, 3_600), 5)
    .option("--json", "print the job as JSON (with --watch: one line per change)")
    .addHelpText("after", ARTIST_EXIT_CODES)
    .action(async (id: string, flags: StatusFlags) => {
      const manager = managerUrlOf(flags.manager, context.io.env);
      let job = await fetchJob(manager, id);
      if (!flags.watch) return printResult(context, flags.json, job, () => details(job));
      const redraw = context.io.isTTY === true && !flags.json;
      let last = "";
      for (;;) {
        const line = flags.json ? JSON.stringify(job) : summary(job);
        if (line !== last) context.io.out(redraw && last ? `${REDRAW_PREVIOUS_LINE}${line}` : line);
        last = line;
        if (finished(job)) break;
        await sleep(flags.interval * 1_000);
        job = await fetchJob(manager, id);
      }
      if (FAILED_STATUSES.has(job.status)) throw new CliError(EXIT.NEGATIVE, `job ${job.id} ended ${job.status} with ${job.acceptedTasks}/${job.taskCount} tasks accepted`);
    });
}
