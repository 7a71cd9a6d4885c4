import type { ManagerEndpoint } from "../daemon/callManager.js";
import { retryCall, type RetryOptions } from "../daemon/retryCall.js";
import type { EngineId, ProgressListener } from "../engines/index.js";
import { EngineError } from "../engines/index.js";
import type { ContentStore } from "../storage/contentStore.js";
import { publishResult } from "./publishResult.js";
import { renderAssignment } from "./renderAssignment.js";
import type { Assignment, WorkerCalls } from "./workerCalls.js";

export interface TaskDeps {
  endpoint: ManagerEndpoint;
  calls: WorkerCalls;
  store: ContentStore;
  engines: readonly EngineId[];
  threads: number;
  workRoot: string;
  onProgress: ProgressListener;
  retry: RetryOptions;
}

/**
 * One assignment from start to report (keepers/README step 5): rendered from the marked scene fetched by CID, frames
 * and manifest uploaded to the manager, the result CID reported signed by the operator key. A task resumed after a
 * restart runs the same way: renders are deterministic in the task's seed, so the result CID is the same. Returns the
 * manager's answer (`recorded`, or `duplicate` when a previous run reported it already) and the bytes uploaded.
 */
export async function runTask(task: Assignment, deps: TaskDeps): Promise<{ resultCid: string; outcome: string; uploadedBytes: number }> {
  if (!deps.engines.includes(task.engine)) throw new EngineError("ENGINE_MISSING", `the task needs the ${task.engine} engine; this worker offers ${deps.engines.join(", ")}`);
  const { signal } = deps.retry;
  const { resultCid, manifest } = await renderAssignment(task, { store: deps.store, threads: deps.threads, signal, onProgress: deps.onProgress, workRoot: deps.workRoot });
  const uploadedBytes = await publishResult(deps.endpoint, deps.store, resultCid, manifest, deps.retry);
  const { outcome } = await retryCall("reporting the result", () => deps.calls.submitResult(task, resultCid, signal), deps.retry);
  return { resultCid, outcome, uploadedBytes };
}
