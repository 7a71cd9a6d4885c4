import { z } from "zod";
import type { Hex } from "viem";
import type { TaskOutcome } from "../../market/taskOutcomes.js";

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a bytes32 hex word");
const decimal = z.string().regex(/^\d{1,78}$/, "a decimal integer");

/**
 * What the settlement keeper stores with a settlement (`settlements.payload`): every outcome with its result's CID
 * text beside the word the tree holds, the packed entries sent, the committee's hash and the job's earlier roots, so
 * a dispute proof is rebuilt from the row alone.
 */
export const settlementPayloadSchema = z.object({
  outcomes: z.array(z.object({
    taskIndex: z.number().int().min(0),
    workerId: decimal,
    resultCid: z.string(),
    resultWord: hex32,
    accepted: z.boolean(),
    workWad: decimal,
    attemptId: z.number().int(),
  })).min(1),
  workers: z.array(decimal),
  rejected: z.array(decimal),
  committeeHash: hex32,
  priorRoots: z.array(hex32),
});

export type SettlementPayload = z.infer<typeof settlementPayloadSchema>;

/** A stored payload checked for shape; throws naming the settlement and the first problem. */
export function parseSettlementPayload(raw: unknown, where: string): SettlementPayload {
  const parsed = settlementPayloadSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`settlement ${where} has a malformed payload: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The payload's outcomes as the tree's leaves (`MarketHashing.outcomeLeaf`). */
export function outcomeLeaves(payload: SettlementPayload): TaskOutcome[] {
  return payload.outcomes.map((o) => ({ taskIndex: o.taskIndex, workerId: BigInt(o.workerId), resultCid: o.resultWord as Hex, accepted: o.accepted, workWad: BigInt(o.workWad) }));
}
