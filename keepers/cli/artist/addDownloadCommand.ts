import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { StorageError } from "../../storage/storageError.js";
import { createHeliaStore } from "../../storage/heliaStore.js";
import { CliError, EXIT } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";
import { progress } from "../openCliSession.js";
import { printResult } from "../printResult.js";
import { fetchJob, type JobFrame } from "./fetchJob.js";
import { ARTIST_EXIT_CODES, managerUrlOf, parseManagerUrl } from "./managerClient.js";

interface DownloadFlags {
  manager?: string;
  out: string;
  partial?: boolean;
  json?: boolean;
}

/** Largest frame fetched: an 8K RGBA PNG without compression, as the manager's upload cap. */
const MAX_FRAME_BYTES = 160 * 1024 * 1024;

export function frameFileName(frame: number): string {
  return `frame_${String(frame).padStart(4, "0")}.png`;
}

/**
 * Fetches frames through the manager's block gateway into `dir`: a throwaway local store (Helia) verifies every
 * block against its CID before a byte is written, so a faulty or malicious gateway cannot hand over other pixels;
 * each file appears whole or not at all.
 */
async function saveFrames(manager: string, frames: readonly JobFrame[], dir: string, onFrame: (f: JobFrame) => void): Promise<string[]> {
  const scratch = await mkdtemp(join(tmpdir(), "ifx-download-"));
  const store = await createHeliaStore({ dir: scratch, gateways: [manager] });
  try {
    const files: string[] = [];
    for (const frame of frames) {
      const file = join(dir, frameFileName(frame.frame));
      try {
        await store.saveFile(frame.cid, file, { maxBytes: MAX_FRAME_BYTES });
      } catch (error) {
        if (error instanceof StorageError) throw new CliError(EXIT.NEGATIVE, `frame ${frame.frame} (${frame.cid}) could not be fetched from ${manager}: ${error.message}`, { cause: error });
        throw error;
      }
      files.push(file);
      onFrame(frame);
    }
    return files;
  } finally {
    await store.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * `ifx download <job> --out <dir>`: every accepted frame of the job, named frame_0001.png, ... An unfinished job is
 * refused (its frames would be a gap-toothed sequence) unless `--partial` asks for what is accepted so far.
 */
export function addDownloadCommand(program: Command, context: CommandContext): void {
  program.command("download")
    .description("artist: download a job's rendered frames (verified against their CIDs) through its manager")
    .argument("<job>", "the job id")
    .option("--manager <url>", "the manager's URL (default: IFX_MANAGER_URL)", parseManagerUrl)
    .requiredOption("--out <dir>", "directory to write frame_NNNN.png files into (created if missing)")
    .option("--partial", "download the frames accepted so far of an unfinished job")
    .option("--json", "print the files written as JSON")
    .addHelpText("after", ARTIST_EXIT_CODES)
    .action(async (id: string, flags: DownloadFlags) => {
      const manager = managerUrlOf(flags.manager, context.io.env);
      const job = await fetchJob(manager, id, true);
      if (!job.done && !flags.partial) {
        throw new CliError(EXIT.NEGATIVE, `job ${job.id} is not finished (${job.status}, ${job.acceptedTasks}/${job.taskCount} tasks accepted): wait for it (ifx status --watch), or pass --partial`);
      }
      const accepted = job.tasks.filter((t) => t.status === "accepted");
      const missing = accepted.filter((t) => !t.frames || t.frames.length === 0).map((t) => t.index);
      if (missing.length > 0) throw new CliError(EXIT.NEGATIVE, `the manager lists no frames for accepted task(s) ${missing.join(", ")} of job ${job.id}`);
      const frames = accepted.flatMap((t) => t.frames!).sort((a, b) => a.frame - b.frame);
      const dir = resolve(flags.out);
      await mkdir(dir, { recursive: true });
      let done = 0;
      const files = await saveFrames(manager, frames, dir, (f) => progress(context, `  ${++done}/${frames.length} frame ${f.frame}`));
      printResult(context, flags.json, { jobId: job.id, dir, complete: job.done, frames: frames.map((f, i) => ({ frame: f.frame, cid: f.cid, file: files[i] })) },
        () => `${files.length} frames of job ${job.id} in ${dir}${job.done ? "" : ` (partial: ${job.acceptedTasks}/${job.taskCount} tasks)`}`);
    });
}
