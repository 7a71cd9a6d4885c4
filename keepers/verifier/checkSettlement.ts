import type { Hex } from "viem";
import { cidToWord } from "../market/cidWord.js";
import { settlementOf } from "../market/taskOutcomes.js";

/** A settlement as the manager asks the committee to sign it (GraphQL `SettlementToSign`). */
export interface SettlementToSign {
  jobId: string;
  settlementIndex: number;
  outcomesRoot: string;
  workers: string[];
  rejected: string[];
  outcomes: { taskIndex: number; workerId: string; resultCid: string; resultWord: string; accepted: boolean; workWad: string; attemptId: number }[];
}

/** What this verifier itself said of an attempt (its own record, never the manager's). */
export interface OwnVerdict {
  /** The job and task the attempt was judged for. */
  jobId: string;
  taskIndex: number;
  accepted: boolean;
  resultCid: string;
}

/**
 * Why this verifier must not sign `s`, or null when it may (keepers/README step 7: a verifier signs only if the
 * outcomes are exactly its own verdicts). Every outcome must be an attempt it judged for this job and this task, with
 * the same result and the same verdict (so frames verified for job A cannot complete job B); no task may be paid
 * twice; and the root and packed entries must be the ones those outcomes give, rebuilt here, so the manager cannot
 * slip other entries under a root the verifier checked.
 */
export async function checkSettlement(s: SettlementToSign, ownVerdict: (attemptId: number) => Promise<OwnVerdict | null>): Promise<string | null> {
  if (s.outcomes.length === 0) return "the settlement has no outcomes";
  const paidTasks = new Set<number>();
  for (const o of s.outcomes) {
    const mine = await ownVerdict(o.attemptId);
    if (!mine) return `attempt ${o.attemptId} (task ${o.taskIndex}) was never judged by this verifier`;
    if (mine.jobId.toLowerCase() !== s.jobId.toLowerCase()) return `attempt ${o.attemptId} was judged for job ${mine.jobId}, not ${s.jobId}`;
    if (mine.taskIndex !== o.taskIndex) return `attempt ${o.attemptId} was judged for task ${mine.taskIndex}, the settlement says task ${o.taskIndex}`;
    if (mine.resultCid !== o.resultCid) return `attempt ${o.attemptId}: result ${o.resultCid} is not the ${mine.resultCid} this verifier judged`;
    if (mine.accepted !== o.accepted) return `attempt ${o.attemptId}: the settlement says ${o.accepted ? "accepted" : "rejected"}, this verifier said ${mine.accepted ? "accepted" : "rejected"}`;
    let word: Hex;
    try {
      word = cidToWord(o.resultCid);
    } catch (error) {
      return `attempt ${o.attemptId}: ${(error as Error).message}`;
    }
    if (word !== o.resultWord.toLowerCase()) return `attempt ${o.attemptId}: the leaf's result word is not its CID's`;
    if (o.accepted && paidTasks.has(o.taskIndex)) return `task ${o.taskIndex} is paid twice`;
    if (o.accepted) paidTasks.add(o.taskIndex);
  }
  const rebuilt = settlementOf(s.outcomes.map((o) => ({ taskIndex: o.taskIndex, workerId: BigInt(o.workerId), resultCid: o.resultWord as Hex, accepted: o.accepted, workWad: BigInt(o.workWad) }))).settlement;
  const same = (a: readonly bigint[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === BigInt(b[i]!));
  if (rebuilt.outcomesRoot !== s.outcomesRoot.toLowerCase()) return "the outcomes root is not the root of the outcomes";
  if (!same(rebuilt.workers, s.workers) || !same(rebuilt.rejected, s.rejected)) return "the packed entries are not the outcomes'";
  return null;
}
