import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.js";

/** One more failure (a timeout or a rejection) of a worker on a job: the blocklist's count, which the assigner reads. */
export async function countFailure(tx: Transaction<Database>, jobId: string, workerId: string | bigint, reason: string): Promise<void> {
  await tx.insertInto("job_blocklist").values({ job_id: jobId, worker_id: workerId, failures: 1, reason })
    .onConflict((c) => c.columns(["job_id", "worker_id"]).doUpdateSet((eb) => ({ failures: eb("job_blocklist.failures", "+", 1), reason: eb.ref("excluded.reason") })))
    .execute();
}
