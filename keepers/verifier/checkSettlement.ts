import type { Hex } from "viem";
import { cidToWord } from "../market/cidWord.js";
import { settlementOf } from "../market/taskOutcomes.js";
import type { JobQuote } from "./openVerifierChain.js";

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
  /** The worker whose bound operator key signed the result, and the task's quoted work; null if never recorded. */
  workerId: bigint | null;
  workWad: bigint | null;
}

/** What a settlement is checked against besides the outcomes themselves: all of it this verifier's own. */
export interface SettlementChecks {
  ownVerdict: (attemptId: number) => Promise<OwnVerdict | null>;
  /** The job's quote as the chain holds it. */
  quote: JobQuote;
  /** The work of this job this verifier signed payments for in its other settlements (its ledger). */
  paidElsewhereWad: bigint;
}

type Outcome = SettlementToSign["outcomes"][number];

const asBigInt = (value: string): bigint | null => {
  try {
    return /^[0-9]{1,78}$/.test(value) ? BigInt(value) : null;
  } catch {
    return null;
  }
};

/** Why one outcome is not what this verifier judged and the quote allows, or null. */
function outcomeProblem(o: Outcome, jobId: string, mine: OwnVerdict | null, quote: JobQuote): string | null {
  const attempt = `attempt ${o.attemptId}`;
  if (!mine) return `${attempt} (task ${o.taskIndex}) was never judged by this verifier`;
  if (mine.jobId.toLowerCase() !== jobId.toLowerCase()) return `${attempt} was judged for job ${mine.jobId}, not ${jobId}`;
  if (mine.taskIndex !== o.taskIndex) return `${attempt} was judged for task ${mine.taskIndex}, the settlement says task ${o.taskIndex}`;
  if (mine.resultCid !== o.resultCid) return `${attempt}: result ${o.resultCid} is not the ${mine.resultCid} this verifier judged`;
  if (mine.accepted !== o.accepted) return `${attempt}: the settlement says ${o.accepted ? "accepted" : "rejected"}, this verifier said ${mine.accepted ? "accepted" : "rejected"}`;
  if (mine.workerId === null || mine.workWad === null) return `${attempt} was judged before this verifier recorded its worker and work: it signs no outcome it cannot attribute`;
  if (asBigInt(o.workerId) !== mine.workerId) return `${attempt}: the settlement names worker ${o.workerId}, the result was signed by worker ${mine.workerId}`;
  if (asBigInt(o.workWad) !== mine.workWad) return `${attempt}: the settlement says work ${o.workWad}, task ${o.taskIndex}'s quoted work is ${mine.workWad}`;
  if (o.taskIndex >= quote.taskCount) return `${attempt}: task ${o.taskIndex} is beyond the quote's ${quote.taskCount} tasks`;
  if (mine.workWad > quote.workWad) return `${attempt}: work ${mine.workWad} is more than the whole quote's ${quote.workWad}`;
  let word: Hex;
  try {
    word = cidToWord(o.resultCid);
  } catch (error) {
    return `${attempt}: ${(error as Error).message}`;
  }
  if (word !== o.resultWord.toLowerCase()) return `${attempt}: the leaf's result word is not its CID's`;
  return null;
}

/**
 * Why this verifier must not sign `s`, or null when it may (keepers/README step 7: a verifier signs only if the
 * outcomes are exactly its own verdicts). Every outcome must be an attempt it judged for this job and this task, with
 * the same result, the same verdict, the worker whose bound key signed the result and the task's work as the job's
 * on-chain quote gives it (so frames verified for job A cannot complete job B, and the manager can credit no other
 * worker and no other work); no task may be paid twice; the work this verifier has signed for the job, this settlement
 * included, stays within the quote's; and the root and packed entries must be the ones those outcomes give, rebuilt
 * here, so the manager cannot slip other entries under a root the verifier checked.
 */
export async function checkSettlement(s: SettlementToSign, checks: SettlementChecks): Promise<string | null> {
  if (s.outcomes.length === 0) return "the settlement has no outcomes";
  const paidTasks = new Set<number>();
  let paidWad = 0n;
  for (const o of s.outcomes) {
    const problem = outcomeProblem(o, s.jobId, await checks.ownVerdict(o.attemptId), checks.quote);
    if (problem) return problem;
    if (o.accepted && paidTasks.has(o.taskIndex)) return `task ${o.taskIndex} is paid twice`;
    if (o.accepted) paidTasks.add(o.taskIndex);
    if (o.accepted) paidWad += BigInt(o.workWad);
  }
  if (checks.paidElsewhereWad + paidWad > checks.quote.workWad) {
    return `the job's paid work would be ${checks.paidElsewhereWad + paidWad} (${checks.paidElsewhereWad} signed before, ${paidWad} here), more than its quoted ${checks.quote.workWad}`;
  }
  const rebuilt = settlementOf(s.outcomes.map((o) => ({ taskIndex: o.taskIndex, workerId: BigInt(o.workerId), resultCid: o.resultWord as Hex, accepted: o.accepted, workWad: BigInt(o.workWad) }))).settlement;
  const same = (a: readonly bigint[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === BigInt(b[i]!));
  if (rebuilt.outcomesRoot !== s.outcomesRoot.toLowerCase()) return "the outcomes root is not the root of the outcomes";
  if (!same(rebuilt.workers, s.workers) || !same(rebuilt.rejected, s.rejected)) return "the packed entries are not the outcomes'";
  return null;
}
