import type { Hex } from "viem";
import { taskResultSigner, type ResultDomain } from "../market/taskResultSignature.js";
import { JudgeError } from "./judgeError.js";
import type { VerifierChain } from "./openVerifierChain.js";

/** What the manager says of a rendered attempt: who rendered it, and that worker's signature over the result. */
export interface AttemptResult {
  attemptId: number;
  jobId: string;
  taskIndex: number;
  resultCid: string;
  workerId: string;
  resultSignature: string | null;
}

/**
 * The worker an attempt is this verifier's to judge for, checked rather than taken from the manager: the result's
 * EIP-712 `TaskResult` signature recovered in the domain of the verifier's own configured market and chain, and its
 * signer bound on-chain (`NodeRegistry.boundLicenseOf`) to the license the manager names. Anything else throws a
 * JudgeError and no verdict is given: accepting would pay a worker that did not sign the result (the manager's own,
 * say), rejecting would name for a slash a worker that never returned it, and the market takes a rejection only with
 * the worker's signature anyway.
 */
export async function checkResultSigner(a: AttemptResult, domain: ResultDomain, chain: VerifierChain): Promise<{ workerId: bigint; resultSignature: Hex }> {
  const named = `attempt ${a.attemptId} (task ${a.taskIndex} of job ${a.jobId}, worker ${a.workerId})`;
  if (!/^[1-9][0-9]{0,77}$/.test(a.workerId)) throw new JudgeError(`${named}: the manager names no worker license`);
  if (!a.resultSignature) throw new JudgeError(`${named}: the manager sent no signed result; the worker's TaskResult signature is needed to judge it`);
  const signer = await taskResultSigner(domain, { jobId: a.jobId as Hex, taskIndex: a.taskIndex, resultCid: a.resultCid }, a.resultSignature);
  if (!signer) throw new JudgeError(`${named}: the result signature is malformed`);
  const bound = await chain.boundLicenseOf(signer);
  if (bound !== BigInt(a.workerId)) {
    throw new JudgeError(`${named}: the result is signed by ${signer}, ${bound === 0n ? "an operator of no license" : `the operator of license ${bound}`}, not by worker ${a.workerId}: not judged as that worker's`);
  }
  return { workerId: bound, resultSignature: a.resultSignature as Hex };
}
