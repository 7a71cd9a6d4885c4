import type { Address, Hex } from "viem";
import { callManager, type ManagerEndpoint } from "../daemon/callManager.js";
import type { Logger } from "../log/createLogger.js";
import { settlementTypedData } from "../market/typedData.js";
import { isRetryable } from "../daemon/retryCall.js";
import { checkSettlement, type OwnVerdict, type SettlementToSign } from "./checkSettlement.js";
import type { VerifierChain } from "./openVerifierChain.js";
import type { PaymentLedger } from "./paymentLedger.js";

const TO_SIGN = /* GraphQL */ `query ($input: NodeInput!) { settlementsToSign(input: $input) {
  jobId settlementIndex outcomesRoot workers rejected
  outcomes { taskIndex workerId resultCid resultWord accepted workWad attemptId } } }`;
const SIGN = /* GraphQL */ `mutation ($input: SettlementSignatureInput!) { signSettlement(input: $input) { outcome } }`;

export interface SigningDeps {
  endpoint: ManagerEndpoint;
  market: Address;
  ownVerdict: (attemptId: number) => Promise<OwnVerdict | null>;
  /** The tasks this verifier signed payments for: none is paid by two settlements. */
  payments: PaymentLedger;
  /** The job's quote, read from the chain (never the manager's word). */
  chain: Pick<VerifierChain, "jobQuote">;
  logger: Logger;
}

/**
 * Why `s` must not be signed, or null: its outcomes against this verifier's own verdicts and the job's on-chain quote
 * (`checkSettlement`), and against its ledger (no task paid twice, the job's paid work within the quote). A job the
 * market does not hold is a refusal; a chain read that failed throws, and the round is tried again.
 */
async function settlementProblem(s: SettlementToSign, deps: SigningDeps): Promise<string | null> {
  let quote;
  try {
    quote = await deps.chain.jobQuote(s.jobId);
  } catch (error) {
    if (isRetryable(error)) throw error;
    return (error as Error).message;
  }
  const paidElsewhereWad = await deps.payments.paidElsewhereWad(s);
  if (paidElsewhereWad === null) return `job ${s.jobId} was paid in part before this verifier's ledger kept work: its paid work cannot be bounded by the quote`;
  return (await checkSettlement(s, { ownVerdict: deps.ownVerdict, quote, paidElsewhereWad })) ?? (await deps.payments.earlierPayment(s));
}

/**
 * One round of the committee's side of settlement: every settlement the manager asks this verifier to sign is checked
 * against its own verdicts and the job's quote (`settlementProblem`) and, if it holds, signed with the operator key (EIP-712 `Settlement`, as
 * `JobMarket.settle` checks it) and handed back. A settlement that would pay a task this verifier already signed a
 * payment for in another settlement is refused too; the tasks a signature pays are recorded before it leaves. A
 * settlement that does not hold is refused, logged with the reason, and asked again next round (the manager may have
 * been behind); never signed. Returns the counts.
 */
export async function signSettlements(deps: SigningDeps, signal?: AbortSignal): Promise<{ signed: number; refused: number }> {
  const { endpoint } = deps;
  const pending = await callManager<SettlementToSign[]>(endpoint, "settlementsToSign", TO_SIGN, { nodeId: endpoint.nodeId.toString() }, signal);
  let signed = 0;
  let refused = 0;
  for (const s of pending) {
    const problem = await settlementProblem(s, deps);
    if (problem) {
      refused++;
      deps.logger.warn({ jobId: s.jobId, settlementIndex: s.settlementIndex, problem }, "refusing to sign a settlement");
      continue;
    }
    const settlement = { outcomesRoot: s.outcomesRoot as Hex, workers: s.workers.map(BigInt), rejected: s.rejected.map(BigInt) };
    const signature = await endpoint.operator.signTypedData(settlementTypedData(endpoint.chainId, deps.market, s.jobId as Hex, BigInt(s.settlementIndex), settlement));
    await deps.payments.record(s);
    await callManager(endpoint, "signSettlement", SIGN, { nodeId: endpoint.nodeId.toString(), jobId: s.jobId, settlementIndex: s.settlementIndex, signature }, signal);
    signed++;
    deps.logger.info({ jobId: s.jobId, settlementIndex: s.settlementIndex }, "signed a settlement");
  }
  return { signed, refused };
}
