import type { Address, Hex } from "viem";
import { jobDisputesAbi, jobMarketAbi } from "../chain/abis.generated.js";
import { ContractWriteError, sendContractWrite, type WriteClients } from "../chain/sendContractWrite.js";
import { isRetryable } from "../daemon/retryCall.js";
import type { Logger } from "../log/createLogger.js";
import type { PanelVerification, Verification, VerifierCalls } from "./verifierCalls.js";

export interface PanelDeps {
  calls: Pick<VerifierCalls, "panelVerifications">;
  clients: WriteClients;
  /** The verifier's own configured market: the disputes contract is the one it names, never the manager's word. */
  market: Address;
  /** This verifier's verdict on an attempt (its own record, or a fresh judgement kept first). */
  judge: (v: Verification, signal: AbortSignal) => Promise<{ accepted: boolean }>;
  /** Disputes this verifier cannot judge (a failed, non-retryable judgement): not tried again. */
  skipped: Set<string>;
  logger: Logger;
}

/** Reverts that mean the vote is no longer wanted: ruled, closed, voted already, or the dispute is over. */
const MOOT = new Set(["DisputeVotingClosed", "DisputeAlreadyVoted", "DisputeNotOpen"]);

const keyOf = (p: PanelVerification) => `${p.verification.jobId}#${p.settlementIndex}#${p.verification.taskIndex}`;

/**
 * One round of a panel member's duty (IJobDisputes): for each dispute whose panel holds this verifier, the disputed
 * attempt is judged as a committee member judges one (PoR check and, when configured, the spot re-render), and the
 * verifier votes from its operator key: upheld when the result fails, dismissed when it passes. The chain says whether
 * the seat has voted or the panel has ruled, so a restart never votes twice; the manager only hands out the material.
 * Returns the votes sent.
 */
export async function voteOnPanels(deps: PanelDeps, signal: AbortSignal): Promise<number> {
  const { publicClient } = deps.clients;
  const pending = (await deps.calls.panelVerifications(signal)).filter((p) => !deps.skipped.has(keyOf(p)));
  if (pending.length === 0) return 0;
  const disputes = await publicClient.readContract({ address: deps.market, abi: jobMarketAbi, functionName: "disputes" });
  let votes = 0;
  for (const p of pending) {
    if (signal.aborted) break;
    const v = p.verification;
    const key = [v.jobId as Hex, BigInt(p.settlementIndex), v.taskIndex] as const;
    const d = await publicClient.readContract({ address: disputes, abi: jobDisputesAbi, functionName: "dispute", args: key });
    const seat = p.panel[p.seat];
    if (d.state !== 1 || d.ruling !== 0 || p.seat < 0 || !seat || ((d.upheldSeats | d.dismissedSeats) & (1 << p.seat)) !== 0) continue;
    if (seat.operator.toLowerCase() !== deps.clients.wallet.account.address.toLowerCase()) continue; // a seat of this key's past
    const log = deps.logger.child({ dispute: keyOf(p), attemptId: v.attemptId });
    let accepted: boolean;
    try {
      ({ accepted } = await deps.judge(v, signal));
    } catch (error) {
      if (isRetryable(error)) throw error;
      deps.skipped.add(keyOf(p));
      log.error({ err: error }, "cannot judge the disputed attempt: no vote");
      continue;
    }
    const panel = p.panel.map((s) => ({ verifierId: BigInt(s.verifierId), operator: s.operator as Address }));
    try {
      await sendContractWrite(deps.clients, { address: disputes, abi: jobDisputesAbi, functionName: "vote", args: [...key, panel, BigInt(p.seat), !accepted], label: "JobDisputes.vote" });
      ++votes;
      log.info({ upheld: !accepted }, "dispute vote sent");
    } catch (error) {
      if (error instanceof ContractWriteError && error.revert && MOOT.has(error.revert.errorName)) continue;
      throw error;
    }
  }
  return votes;
}
