import { callManager, type ManagerEndpoint } from "../daemon/callManager.js";
import type { EngineId } from "../engines/index.js";
import type { AttemptResult } from "./checkResultSigner.js";

const VERIFICATION_FIELDS = "attemptId jobId taskIndex resultCid workerId resultSignature width height sealedKey sceneCid engine samples bounces seed";
const VERIFICATIONS = `query($input: NodeInput!) { verifications(input: $input) { ${VERIFICATION_FIELDS} } }`;
const PANEL_VERIFICATIONS = `query($input: NodeInput!) { panelVerifications(input: $input) {
  verification { ${VERIFICATION_FIELDS} } settlementIndex panel { verifierId operator } seat
} }`;
const SUBMIT_VERDICT = "mutation($input: VerdictInput!) { submitVerdict(input: $input) { outcome } }";

/**
 * A rendered attempt the verifier has to judge (GraphQL `Verification`): the attempt and who the manager says rendered
 * it (`AttemptResult`, checked by `checkResultSigner`), and what the check and the spot re-render need.
 */
export interface Verification extends AttemptResult {
  width: number;
  height: number;
  sealedKey: `0x${string}`;
  sceneCid: string;
  engine: EngineId;
  samples: number;
  bounces: number;
  seed: number;
}

/** A disputed attempt this verifier sits on the panel of (GraphQL `PanelVerification`). */
export interface PanelVerification {
  verification: Verification;
  settlementIndex: number;
  panel: { verifierId: string; operator: string }[];
  seat: number;
}

/** The verifier's side of the manager's node API; the verdict is signed by the operator key with its input. */
export function verifierCalls(endpoint: ManagerEndpoint) {
  const nodeId = endpoint.nodeId.toString();
  return {
    verifications: (signal?: AbortSignal) => callManager<Verification[]>(endpoint, "verifications", VERIFICATIONS, { nodeId }, signal),
    panelVerifications: (signal?: AbortSignal) => callManager<PanelVerification[]>(endpoint, "panelVerifications", PANEL_VERIFICATIONS, { nodeId }, signal),
    submitVerdict: (attemptId: number, accepted: boolean, statistics: string, signal?: AbortSignal) =>
      callManager<{ outcome: string }>(endpoint, "submitVerdict", SUBMIT_VERDICT, { nodeId, attemptId, accepted, statistics }, signal),
  };
}

export type VerifierCalls = ReturnType<typeof verifierCalls>;
