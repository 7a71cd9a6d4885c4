import { encodeAbiParameters, keccak256, type Hex } from "viem";
import { z } from "zod";
import type { CommitteeSeat } from "../../db/schema.js";
import { slashedOutcomes, type TaskOutcome } from "../../market/taskOutcomes.js";
import { toCompactWords } from "../../market/typedData.js";

/** One task outcome as the manager keeps it: the leaf's fields, the result's CID text and the attempt it came from. */
export interface StoredOutcome {
  taskIndex: number;
  workerId: string;
  resultCid: string;
  /** The result CID as the leaf's word (`cidToWord`). */
  resultWord: Hex;
  accepted: boolean;
  workWad: string;
  attemptId: number;
  /** The worker's signed `TaskResult` (absent in payloads built before signatures were kept). */
  resultSignature?: Hex | undefined;
}

/**
 * A built settlement (the `settlements.payload` column): the outcomes under its root, the packed entries the committee
 * signs, and what `settle` and a later `dispute` need to prove the job's trail (the committee's hash, earlier roots).
 */
export interface SettlementPayload {
  outcomes: StoredOutcome[];
  workers: string[];
  rejected: string[];
  committeeHash: Hex;
  priorRoots: Hex[];
}

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a bytes32 hex word").transform((h) => h as Hex);
const decimal = z.string().regex(/^\d{1,78}$/, "a decimal integer");

/** The payload's shape, checked where it is read back for a proof (a row edited by hand fails loudly, naming the field). */
export const settlementPayloadSchema = z.object({
  outcomes: z.array(z.object({
    taskIndex: z.number().int().min(0),
    workerId: decimal,
    resultCid: z.string(),
    resultWord: hex32,
    accepted: z.boolean(),
    workWad: decimal,
    attemptId: z.number().int(),
    resultSignature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, "a 65-byte signature").transform((h) => h as Hex).optional(),
  })).min(1),
  workers: z.array(decimal),
  rejected: z.array(decimal),
  committeeHash: hex32,
  priorRoots: z.array(hex32),
}) satisfies z.ZodType<SettlementPayload, unknown>;

/** A stored payload checked for shape; throws naming the settlement and the first problem. */
export function parseSettlementPayload(raw: unknown, where: string): SettlementPayload {
  const parsed = settlementPayloadSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`settlement ${where} has a malformed payload: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function toTaskOutcome(o: StoredOutcome): TaskOutcome {
  return { taskIndex: o.taskIndex, workerId: BigInt(o.workerId), resultCid: o.resultWord, accepted: o.accepted, workWad: BigInt(o.workWad) };
}

/** The payload's outcomes as the tree's leaves (`MarketHashing.outcomeLeaf`). */
export function outcomeLeaves(payload: SettlementPayload): TaskOutcome[] {
  return payload.outcomes.map(toTaskOutcome);
}

/**
 * `JobMarket.settle`'s `rejectedResults`: for each rejected entry, the slashed attempt's result word and its worker's
 * compact signature. Throws naming the task when a slashed attempt has no signature (the market would refuse it).
 */
export function rejectionProofs(payload: SettlementPayload): { resultCid: Hex; r: Hex; vs: Hex }[] {
  return slashedOutcomes(payload.outcomes.map((o) => ({ ...toTaskOutcome(o), stored: o }))).map(({ stored }) => {
    if (!stored.resultSignature) throw new Error(`task ${stored.taskIndex}'s rejected attempt ${stored.attemptId} has no signed result to prove it on-chain`);
    const [r, vs] = toCompactWords(stored.resultSignature);
    return { resultCid: stored.resultWord, r, vs };
  });
}

/** The drawn committee as `JobMarket.settle` takes it. */
export function seatsOf(committee: readonly CommitteeSeat[]): { verifierId: bigint; operator: Hex }[] {
  return committee.map((s) => ({ verifierId: BigInt(s.verifierId), operator: s.operator as Hex }));
}

/** `JobMarket.committeeHashOf`: keccak256 of the ABI-encoded seats, the start of a job's trail. */
export function committeeHashOf(committee: readonly CommitteeSeat[]): Hex {
  const seatTuple = { type: "tuple[]", components: [{ name: "verifierId", type: "uint256" }, { name: "operator", type: "address" }] } as const;
  return keccak256(encodeAbiParameters([seatTuple], [seatsOf(committee)]));
}
