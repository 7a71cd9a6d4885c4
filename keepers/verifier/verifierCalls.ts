import { callManager, type ManagerEndpoint } from "../daemon/callManager.js";
import type { EngineId } from "../engines/index.js";

const VERIFICATIONS = "query($input: NodeInput!) { verifications(input: $input) { attemptId jobId taskIndex resultCid workerId resultSignature width height sealedKey sceneCid engine samples bounces seed } }";
const SUBMIT_VERDICT = "mutation($input: VerdictInput!) { submitVerdict(input: $input) { outcome } }";

/** A rendered attempt the verifier has to judge (GraphQL `Verification`). */
export interface Verification {
  attemptId: number;
  jobId: string;
  taskIndex: number;
  resultCid: string;
  /** The worker license the manager says rendered it (checked: `checkResultSigner`). */
  workerId: string;
  /** That worker's EIP-712 `TaskResult` signature over the result; null when the manager has none. */
  resultSignature: string | null;
  width: number;
  height: number;
  sealedKey: `0x${string}`;
  sceneCid: string;
  engine: EngineId;
  samples: number;
  bounces: number;
  seed: number;
}

/** The verifier's side of the manager's node API; the verdict is signed by the operator key with its input. */
export function verifierCalls(endpoint: ManagerEndpoint) {
  const nodeId = endpoint.nodeId.toString();
  return {
    verifications: (signal?: AbortSignal) => callManager<Verification[]>(endpoint, "verifications", VERIFICATIONS, { nodeId }, signal),
    submitVerdict: (attemptId: number, accepted: boolean, statistics: string, signal?: AbortSignal) =>
      callManager<{ outcome: string }>(endpoint, "submitVerdict", SUBMIT_VERDICT, { nodeId, attemptId, accepted, statistics }, signal),
  };
}

export type VerifierCalls = ReturnType<typeof verifierCalls>;
