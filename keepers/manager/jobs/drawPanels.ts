import type { Kysely } from "kysely";
import type { Address, Hex } from "viem";
import { jobDisputesAbi } from "../../chain/abis.generated.js";
import { ContractWriteError, sendContractWrite, type WriteClients } from "../../chain/sendContractWrite.js";
import type { Database } from "../../db/schema.js";
import type { Logger } from "../../log/createLogger.js";
import { seatsOf } from "../settle/settlementPayload.js";

/** Reverts that mean "not yet": the seed block is not mined (or was reseeded); tried again next round. */
const LATER = new Set(["DisputePanelSeedNotReady"]);
/** Reverts that mean the panel will never be drawn by this call: drawn already, voting over, or nobody to seat. */
const NEVER = new Set(["DisputePanelAlreadyDrawn", "DisputeVotingClosed", "DisputePanelUnavailable", "DisputeNotOpen"]);

/**
 * Draws the panel of every open dispute of this manager's jobs that has none (anyone may call `drawPanel` once the
 * block after the opening is mined; the manager does, as it draws its jobs' committees). The panel is stored by the
 * event reader from `DisputePanelDrawn`. A dispute whose panel can never be drawn (too few verifiers outside the
 * committee, or its vote already over) is left to the appeal and the DAO, logged once. Returns the disputes drawn.
 */
export async function drawPanels(db: Kysely<Database>, clients: WriteClients, disputes: Address, logger: Logger): Promise<string[]> {
  const rows = await db.selectFrom("disputes as d").innerJoin("jobs as j", "j.id", "d.job_id")
    .select(["d.job_id", "d.settlement_index", "d.task_index", "j.committee"])
    .where("d.status", "=", "open").where("d.panel", "is", null).orderBy("d.updated_at").limit(20).execute();
  const drawn: string[] = [];
  for (const r of rows) {
    if (!r.committee) continue;
    const key = `${r.job_id}#${r.settlement_index}#${r.task_index}`;
    try {
      await sendContractWrite(clients, {
        address: disputes, abi: jobDisputesAbi, functionName: "drawPanel",
        args: [r.job_id as Hex, BigInt(r.settlement_index), r.task_index, seatsOf(r.committee)], label: "JobDisputes.drawPanel",
      });
      drawn.push(key);
    } catch (error) {
      const name = error instanceof ContractWriteError ? error.revert?.errorName : undefined;
      if (name && LATER.has(name)) continue;
      if (name && NEVER.has(name)) {
        // Marked with no seats, so it is not tried every round: the dispute goes on without a panel (appeal, DAO).
        await db.updateTable("disputes").set({ panel: "[]" }).where("job_id", "=", r.job_id)
          .where("settlement_index", "=", r.settlement_index).where("task_index", "=", r.task_index).execute();
        logger.info({ dispute: key, reason: name }, "the dispute's panel cannot be drawn: the appeal and the DAO remain");
        continue;
      }
      logger.warn({ err: error, dispute: key }, "drawing a dispute's panel failed; retried next round");
    }
  }
  return drawn;
}
