import { ponder } from "ponder:registry";
import { epoch, job, settlement } from "ponder:schema";
import { creditNode, ensureEpoch, epochAtBlock } from "../lib/epochRows.js";
import { MANAGER, VERIFIER, WORKER } from "../lib/rewardMath.js";
import { decodeSettledWork } from "../lib/settlementInput.js";

const WAD = 10n ** 18n;
/** `IJobMarket.Status`. */
const CREATED = 1;
const RUNNING = 2;
const COMPLETED = 3;

ponder.on("JobMarket:JobCreated", async ({ event, context }) => {
  const q = event.args.quote;
  await context.db.insert(job).values({
    id: event.args.jobId, artist: event.args.artist, managerId: event.args.managerId, sceneCid: q.sceneCid,
    frameStart: q.frameStart, frameEnd: q.frameEnd, taskCount: q.taskCount, workWad: q.workWad, pricePerIbmWad: q.pricePerIbmWad,
    escrow: q.fee, ibFloorWad: q.ibFloorWad, keysCommitment: q.keysCommitment, expiry: q.expiry, deadline: q.deadline,
    seedBlock: event.args.seedBlock, status: CREATED, settlements: 0, paidWorkWad: 0n, feesSettled: 0n, feesReleased: 0n,
    refunded: 0n, openDisputes: 0, createdBlock: event.block.number, createdAt: event.block.timestamp,
  });
});

ponder.on("JobMarket:CommitteeReseeded", async ({ event, context }) => {
  await context.db.update(job, { id: event.args.jobId }).set({ seedBlock: event.args.seedBlock });
});

ponder.on("JobMarket:CommitteeDrawn", async ({ event, context }) => {
  const committee = event.args.committee.map((seat) => ({ verifierId: seat.verifierId.toString(), operator: seat.operator }));
  await context.db.update(job, { id: event.args.jobId }).set({ committee, committeeHash: event.args.committeeHash, status: RUNNING });
});

/**
 * One settlement: its row (task-outcome root, fee, the epoch it is credited to), the job's totals, the epoch's W and
 * fees, and each node's work in the epoch (workers their accepted work, each signing verifier the settlement's
 * total), as `EpochRewards.creditSettlement` credits them.
 */
ponder.on("JobMarket:JobSettled", async ({ event, context }) => {
  const a = event.args;
  const n = await epochAtBlock(context);
  const paid = decodeSettledWork(event.transaction.input, a.jobId, a.workersHash, a.signedSeats);
  await context.db.insert(settlement).values({
    id: `${a.jobId}-${a.settlementIndex}`, jobId: a.jobId, index: Number(a.settlementIndex), outcomesRoot: a.outcomesRoot,
    workersHash: a.workersHash, paidWorkWad: a.paidWorkWad, fee: a.fee, signedSeats: a.signedSeats, completed: a.completed, epoch: n,
    workersKnown: paid !== undefined, workers: (paid?.workers ?? []).map((w) => ({ licenseId: w.licenseId.toString(), workWad: w.workWad.toString() })),
    signers: (paid?.signers ?? []).map(String), block: event.block.number, timestamp: event.block.timestamp, transactionHash: event.transaction.hash,
  });
  await context.db.update(job, { id: a.jobId }).set((row) => ({
    settlements: row.settlements + 1, paidWorkWad: row.paidWorkWad + a.paidWorkWad, feesSettled: row.feesSettled + a.fee,
    status: a.completed ? COMPLETED : row.status,
  }));
  await ensureEpoch(context.db, n);
  await context.db.update(epoch, { id: n }).set((row) => ({
    paidIbmWad: row.paidIbmWad + a.paidWorkWad, feesSettled: row.feesSettled + a.fee, settlements: row.settlements + 1,
  }));
  if (paid === undefined || a.paidWorkWad === 0n) return;
  for (const w of paid.workers) await creditNode(context.db, w.licenseId, n, WORKER, w.workWad);
  for (const id of paid.signers) await creditNode(context.db, id, n, VERIFIER, a.paidWorkWad);
});

/** Released fees: the job's manager is credited the fee's work (fee / price, rounded down per job, as the market does). */
ponder.on("JobMarket:FeesReleased", async ({ event, context }) => {
  const row = await context.db.update(job, { id: event.args.jobId }).set((r) => ({ feesReleased: r.feesReleased + event.args.fee }));
  const n = await epochAtBlock(context);
  await ensureEpoch(context.db, n);
  // As the market credits it: the fee's work, never more than the job's paid work (a dust fee rounded up).
  const work = (event.args.fee * WAD) / row.pricePerIbmWad;
  await creditNode(context.db, row.managerId, n, MANAGER, work < row.paidWorkWad ? work : row.paidWorkWad);
});

ponder.on("JobMarket:JobClosed", async ({ event, context }) => {
  await context.db.update(job, { id: event.args.jobId }).set((r) => ({ status: event.args.status, refunded: r.refunded + event.args.refunded }));
});
