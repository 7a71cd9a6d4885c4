import type { Kysely } from "kysely";
import { isAddressEqual, recoverTypedDataAddress, type Address, type Hex } from "viem";
import type { Database } from "../../db/schema.js";
import { settlementTypedData } from "../../market/typedData.js";
import type { SettlementPayload } from "./settlementPayload.js";

export interface SettlementSignature {
  jobId: string;
  settlementIndex: number;
  verifierId: bigint;
  signature: Hex;
}

export type SignatureOutcome = "recorded" | "duplicate" | "unknown_settlement" | "not_on_committee" | "bad_signature";

/**
 * A committee member's signature over a built settlement, kept only if it is what `settle` will accept: the signer is
 * the operator of the verifier's seat in the drawn committee (the seat's operator, fixed at the draw, not the registry's
 * current one), over exactly this settlement's EIP-712 digest. A second signature of one verifier is a duplicate.
 */
export async function recordSettlementSignature(db: Kysely<Database>, s: SettlementSignature, chainId: number, market: Address): Promise<SignatureOutcome> {
  const row = await db.selectFrom("settlements as s").innerJoin("jobs as j", "j.id", "s.job_id")
    .select(["s.outcomes_root", "s.payload", "s.status", "j.committee"])
    .where("s.job_id", "=", s.jobId.toLowerCase()).where("s.settlement_index", "=", s.settlementIndex).executeTakeFirst();
  if (!row || row.status !== "built" || !row.committee) return "unknown_settlement";
  const seat = row.committee.findIndex((c) => c.verifierId === s.verifierId.toString());
  if (seat < 0) return "not_on_committee";
  const payload = row.payload as unknown as SettlementPayload;
  const settlement = { outcomesRoot: row.outcomes_root as Hex, workers: payload.workers.map(BigInt), rejected: payload.rejected.map(BigInt) };
  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({ ...settlementTypedData(chainId, market, s.jobId as Hex, BigInt(s.settlementIndex), settlement), signature: s.signature });
  } catch {
    return "bad_signature";
  }
  if (!isAddressEqual(signer, row.committee[seat]!.operator as Address)) return "bad_signature";
  const inserted = await db.insertInto("settlement_signatures").values({
    job_id: s.jobId.toLowerCase(), settlement_index: s.settlementIndex, verifier_id: s.verifierId, seat, signature: s.signature,
  }).onConflict((c) => c.columns(["job_id", "settlement_index", "verifier_id"]).doNothing()).executeTakeFirst();
  return inserted.numInsertedOrUpdatedRows === 0n ? "duplicate" : "recorded";
}
