import { ponder } from "ponder:registry";
import { dispute, job } from "ponder:schema";
import { creditNode, ensureEpoch, epochAtBlock } from "../lib/epochRows.js";
import { MANAGER } from "../lib/rewardMath.js";

const WAD = 10n ** 18n;

/** Disputes (IJobDisputes): opened by an artist, judged by a fresh panel, appealed to the DAO, resolved. */

ponder.on("JobDisputes:DisputeOpened", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(dispute).values({
    id: `${a.jobId}-${a.settlementIndex}-${a.taskIndex}`, jobId: a.jobId, settlementIndex: Number(a.settlementIndex), taskIndex: a.taskIndex,
    workerId: a.workerId, workWad: a.workWad, bond: a.bond, heldFee: a.heldFee, resolved: false, appealed: false, openedAt: event.block.timestamp,
  });
  await context.db.update(job, { id: a.jobId }).set((r) => ({ openDisputes: r.openDisputes + 1 }));
});

ponder.on("JobDisputes:DisputeResolved", async ({ event, context }) => {
  const a = event.args;
  const d = await context.db
    .update(dispute, { id: `${a.jobId}-${a.settlementIndex}-${a.taskIndex}` })
    .set({ resolved: true, upheld: a.upheld, refunded: a.refunded, bondReturned: a.bondReturned, lapsed: a.lapsed, byDao: a.byDao, resolvedAt: event.block.timestamp });
  const row = await context.db.update(job, { id: a.jobId }).set((r) => ({ openDisputes: r.openDisputes - 1, refunded: r.refunded + a.refunded }));
  // A held fee spent (dismissed or lapsed) credits the manager the task's work, as the market does.
  if (!a.upheld && d.heldFee !== 0n) {
    const n = await epochAtBlock(context);
    await ensureEpoch(context.db, n);
    const work = (d.heldFee * WAD) / row.pricePerIbmWad;
    await creditNode(context.db, row.managerId, n, MANAGER, work < d.workWad ? work : d.workWad);
  }
});

ponder.on("JobDisputes:DisputeRuled", async ({ event, context }) => {
  const a = event.args;
  await context.db.update(dispute, { id: `${a.jobId}-${a.settlementIndex}-${a.taskIndex}` }).set({ panelRuling: a.upheld ? "upheld" : "dismissed", ruledAt: event.block.timestamp });
});

ponder.on("JobDisputes:DisputeAppealed", async ({ event, context }) => {
  const a = event.args;
  await context.db.update(dispute, { id: `${a.jobId}-${a.settlementIndex}-${a.taskIndex}` }).set({ appealed: true });
});
