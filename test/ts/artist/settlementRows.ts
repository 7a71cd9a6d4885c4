import type { Hex } from "viem";
import type { OpenDatabase } from "../../../keepers/db/openDatabase.js";
import { wordToCid } from "../../../keepers/market/cidWord.js";
import type { TaskOutcome } from "../../../keepers/market/taskOutcomes.js";
import { packRejection, packWorker, type Seat } from "../../../keepers/market/typedData.js";
import { recordQuote } from "../../../keepers/manager/store/recordQuote.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";

/** The manager's row of a job opened on-chain outside the API (LocalNetwork.openJob), so its settlements can refer to it. */
export async function recordJobRow(db: OpenDatabase["db"], jobId: Hex, artist: Hex, taskCount: number, sceneCid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy") {
  await recordQuote(db, {
    jobId, artist, sceneCid: `0x${"ab".repeat(32)}`, frameStart: 1, frameEnd: taskCount * 5, taskCount, workWad: 1n, pricePerIbmWad: 1n, fee: 1n, ibFloorWad: 0n,
    keysCommitment: `0x${"cd".repeat(32)}`, expiry: 1n, deadline: 2n, managerId: 1n,
  }, "0x", sceneCid, { engine: "pathtracer", resolution: { width: 64, height: 36 }, samples: 4, bounces: 2, framesPerTask: 5 });
}

/**
 * Settles `outcomes` on-chain as the committee would (LocalNetwork.settle) and stores the row the settlement keeper
 * stores for it: the payload format the dispute proof is rebuilt from.
 */
export async function settleAndRecord(db: OpenDatabase["db"], net: LocalNetwork, job: { jobId: Hex; committee: Seat[]; committeeHash: Hex }, index: number, outcomes: TaskOutcome[]) {
  const priorRoots = net.roots.get(job.jobId) ?? [];
  const settled = await net.settle(job.jobId, BigInt(index), job.committee, outcomes);
  const work = new Map<bigint, bigint>();
  for (const o of outcomes) if (o.accepted) work.set(o.workerId, (work.get(o.workerId) ?? 0n) + o.workWad);
  const signatures = await Promise.all(outcomes.map(async (o) => (await net.resultProof(job.jobId, o)).signature));
  const payload = {
    outcomes: outcomes.map((o, i) => ({
      taskIndex: o.taskIndex, workerId: o.workerId.toString(), resultCid: wordToCid(o.resultCid, "raw"), resultWord: o.resultCid, accepted: o.accepted,
      workWad: o.workWad.toString(), attemptId: 100 + index * 10 + i, resultSignature: signatures[i],
    })),
    workers: [...work].map(([id, w]) => packWorker(id, w).toString()),
    rejected: outcomes.filter((o) => !o.accepted).map((o) => packRejection(o.workerId, o.taskIndex).toString()),
    committeeHash: job.committeeHash,
    priorRoots,
  };
  const committee = job.committee.map((s) => ({ verifierId: s.verifierId.toString(), operator: s.operator }));
  await db.updateTable("jobs").set({ committee: JSON.stringify(committee) }).where("id", "=", job.jobId.toLowerCase()).execute();
  await db.insertInto("settlements").values({
    job_id: job.jobId.toLowerCase(), settlement_index: index, outcomes_root: settled.tree.root, payload: JSON.stringify(payload),
    tx_hash: settled.receipt.transactionHash, status: "confirmed",
  }).execute();
  return settled;
}
