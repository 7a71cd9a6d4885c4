import { callManager, type ManagerEndpoint } from "../daemon/callManager.js";
import type { EngineId } from "../engines/index.js";
import type { AssignedTask } from "./renderAssignment.js";

const HEARTBEAT = "mutation($input: HeartbeatInput!) { heartbeat(input: $input) { eligible pricePerIbmWad ibWad } }";
const ASSIGNMENTS = "query($input: NodeInput!) { assignments(input: $input) { attemptId jobId taskIndex frameStart frameEnd sceneCid engine width height samples bounces seed deadline } }";
const SUBMIT_RESULT = "mutation($input: ResultInput!) { submitResult(input: $input) { outcome } }";
const RELEASE_TASK = "mutation($input: ReleaseInput!) { releaseTask(input: $input) { outcome } }";

/** An assignment as the manager sends it: the task and its deadline. */
export type Assignment = AssignedTask & { deadline: string };

/** The worker's side of the manager's node API (keepers/manager/api/schema.ts), each call signed by the operator key. */
export function workerCalls(endpoint: ManagerEndpoint) {
  const nodeId = endpoint.nodeId.toString();
  return {
    heartbeat: (engines: readonly EngineId[], slots: number, progress: { attemptId: number; fraction: number }[], signal?: AbortSignal) =>
      callManager<{ eligible: boolean; pricePerIbmWad: string; ibWad: string }>(endpoint, "heartbeat", HEARTBEAT, { nodeId, engines: [...engines], slots, progress }, signal),
    assignments: (signal?: AbortSignal) => callManager<Assignment[]>(endpoint, "assignments", ASSIGNMENTS, { nodeId }, signal),
    submitResult: (attemptId: number, resultCid: string, signal?: AbortSignal) =>
      callManager<{ outcome: string }>(endpoint, "submitResult", SUBMIT_RESULT, { nodeId, attemptId, resultCid }, signal),
    releaseTask: (attemptId: number, signal?: AbortSignal) => callManager<{ outcome: string }>(endpoint, "releaseTask", RELEASE_TASK, { nodeId, attemptId }, signal),
  };
}

export type WorkerCalls = ReturnType<typeof workerCalls>;
