import type { Address, Hex } from "viem";
import { callManager, type ManagerEndpoint } from "../daemon/callManager.js";
import type { EngineId } from "../engines/index.js";
import { signTaskResult } from "../market/taskResultSignature.js";
import type { AssignedTask } from "./renderAssignment.js";

const HEARTBEAT = "mutation($input: HeartbeatInput!) { heartbeat(input: $input) { eligible pricePerIbmWad ibWad } }";
const ASSIGNMENTS = "query($input: NodeInput!) { assignments(input: $input) { attemptId jobId taskIndex frameStart frameEnd sceneCid engine width height samples bounces seed deadline market } }";
const SUBMIT_RESULT = "mutation($input: ResultInput!) { submitResult(input: $input) { outcome } }";
const RELEASE_TASK = "mutation($input: ReleaseInput!) { releaseTask(input: $input) { outcome } }";

/** An assignment as the manager sends it: the task, its deadline and the market its result is signed for. */
export type Assignment = AssignedTask & { deadline: string; market: Address };

/** The worker's side of the manager's node API (keepers/manager/api/schema.ts), each call signed by the operator key. */
export function workerCalls(endpoint: ManagerEndpoint) {
  const nodeId = endpoint.nodeId.toString();
  return {
    heartbeat: (engines: readonly EngineId[], slots: number, progress: { attemptId: number; fraction: number }[], signal?: AbortSignal) =>
      callManager<{ eligible: boolean; pricePerIbmWad: string; ibWad: string }>(endpoint, "heartbeat", HEARTBEAT, { nodeId, engines: [...engines], slots, progress }, signal),
    assignments: (signal?: AbortSignal) => callManager<Assignment[]>(endpoint, "assignments", ASSIGNMENTS, { nodeId }, signal),
    /**
     * Reports a result with the worker's EIP-712 `TaskResult` signature: the proof, for the committee and on-chain,
     * that this worker rendered this task (a settlement can slash only a worker that signed the result it rejects).
     * Signed in the chain this worker is configured for; the market's address comes with the assignment (a manager
     * naming another contract only makes the signature useless to itself, never valid elsewhere).
     */
    submitResult: async (task: Pick<Assignment, "attemptId" | "jobId" | "taskIndex" | "market">, resultCid: string, signal?: AbortSignal) => {
      const resultSignature = await signTaskResult(endpoint.operator, { chainId: endpoint.chainId, market: task.market }, { jobId: task.jobId as Hex, taskIndex: task.taskIndex, resultCid });
      return callManager<{ outcome: string }>(endpoint, "submitResult", SUBMIT_RESULT, { nodeId, attemptId: task.attemptId, resultCid, resultSignature }, signal);
    },
    releaseTask: (attemptId: number, signal?: AbortSignal) => callManager<{ outcome: string }>(endpoint, "releaseTask", RELEASE_TASK, { nodeId, attemptId }, signal),
  };
}

export type WorkerCalls = ReturnType<typeof workerCalls>;
