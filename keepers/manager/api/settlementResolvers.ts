import { GraphQLError } from "graphql";
import { sql } from "kysely";
import { isHex } from "viem";
import { recordSettlementSignature } from "../settle/recordSettlementSignature.js";
import type { SettlementPayload } from "../settle/settlementPayload.js";
import { authenticateNode, requireSelf, type ApiContext } from "./authenticateNode.js";

const REFUSED = {
  unknown_settlement: ["CONFLICT", "no settlement waiting for signatures"],
  not_on_committee: ["FORBIDDEN", "the verifier holds no seat in this job's committee"],
  bad_signature: ["BAD_USER_INPUT", "the signature is not the seat operator's over this settlement"],
} as const;

export const settlementQueries = {
  /** Built settlements of jobs whose committee seats this verifier, not yet signed by it. */
  async settlementsToSign(_: unknown, { input }: { input: { nodeId: string } }, context: ApiContext) {
    const { nodeId } = await authenticateNode(context, "settlementsToSign", "verifier");
    requireSelf(nodeId, input);
    const rows = await context.deps.db.selectFrom("settlements as s").innerJoin("jobs as j", "j.id", "s.job_id")
      .select(["s.job_id", "s.settlement_index", "s.outcomes_root", "s.payload"])
      .where("s.status", "=", "built").where(sql<boolean>`j.committee @> ${JSON.stringify([{ verifierId: nodeId.toString() }])}::jsonb`)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("settlement_signatures as g").select("g.seat")
        .whereRef("g.job_id", "=", "s.job_id").whereRef("g.settlement_index", "=", "s.settlement_index").where("g.verifier_id", "=", nodeId.toString()))))
      .orderBy("s.updated_at").limit(50).execute();
    return rows.map((r) => {
      const payload = r.payload as unknown as SettlementPayload;
      return { jobId: r.job_id, settlementIndex: r.settlement_index, outcomesRoot: r.outcomes_root, workers: payload.workers, rejected: payload.rejected, outcomes: payload.outcomes };
    });
  },
};

export const settlementMutations = {
  async signSettlement(_: unknown, { input }: { input: { nodeId: string; jobId: string; settlementIndex: number; signature: string } }, context: ApiContext) {
    const { nodeId } = await authenticateNode(context, "signSettlement", "verifier");
    requireSelf(nodeId, input);
    const { deps } = context;
    if (!deps.market) throw new GraphQLError("this manager was started without the market's address", { extensions: { code: "INTERNAL_SERVER_ERROR" } });
    if (!isHex(input.jobId) || input.jobId.length !== 66) throw new GraphQLError("jobId must be a 32-byte hex word", { extensions: { code: "BAD_USER_INPUT" } });
    if (!isHex(input.signature) || input.signature.length !== 132) throw new GraphQLError("signature must be 65 bytes of hex", { extensions: { code: "BAD_USER_INPUT" } });
    const outcome = await recordSettlementSignature(deps.db, { jobId: input.jobId, settlementIndex: input.settlementIndex, verifierId: nodeId, signature: input.signature }, deps.chainId, deps.market);
    if (outcome in REFUSED) {
      const [code, message] = REFUSED[outcome as keyof typeof REFUSED];
      throw new GraphQLError(`${message} (job ${input.jobId}, settlement ${input.settlementIndex})`, { extensions: { code } });
    }
    return { outcome };
  },
};
