import { CliError, EXIT } from "../cliError.js";
import { managerGraphql } from "./managerClient.js";

export interface JobFrame {
  frame: number;
  cid: string;
  width: number;
  height: number;
  url: string;
}

export interface JobView {
  id: string;
  status: string;
  artist: string;
  sceneCid: string;
  frameStart: number;
  frameEnd: number;
  fee: string;
  progress: number;
  taskCount: number;
  acceptedTasks: number;
  done: boolean;
  tasks: { index: number; frameStart: number; frameEnd: number; status: string; attempts: number; resultCid: string | null; frames?: JobFrame[] | null }[];
  settlements: { index: number; outcomesRoot: string; txHash: string | null; status: string }[];
}

const TASK = "index frameStart frameEnd status attempts resultCid";
const JOB = (frames: boolean) => `query($id: String!) { job(id: $id) {
  id status artist sceneCid frameStart frameEnd fee progress taskCount acceptedTasks done
  tasks { ${TASK}${frames ? " frames { frame cid width height url }" : ""} }
  settlements { index outcomesRoot txHash status }
} }`;

/** Job ids are bytes32 words; checked here so a typo is bad input, not an unknown job. */
export function checkJobId(id: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(id)) throw new CliError(EXIT.BAD_INPUT, `a job id is a 0x-prefixed 32-byte hex word, got "${id}"`);
  return id.toLowerCase();
}

/** The job as its manager sees it; exit 1 when the manager does not know it. `frames` reads every result's manifest. */
export async function fetchJob(manager: string, id: string, frames = false): Promise<JobView> {
  const { job } = await managerGraphql<{ job: JobView | null }>(manager, JOB(frames), { id: checkJobId(id) });
  if (!job) throw new CliError(EXIT.NEGATIVE, `the manager at ${manager} has no job ${id}`);
  return job;
}

/** Statuses a job never leaves. */
export const FINAL_STATUSES = new Set(["settled", "cancelled", "expired", "failed"]);
export const FAILED_STATUSES = new Set(["cancelled", "expired", "failed"]);
