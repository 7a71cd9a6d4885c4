import { ponder } from "ponder:registry";
import { claim, daoPayment, epoch, nodeEpoch } from "ponder:schema";
import { eq } from "ponder";
import { epochRewardsAbi } from "../../keepers/chain/abis.generated.js";
import { ensureEpoch } from "../lib/epochRows.js";
import { epochPools, shareOf } from "../lib/rewardMath.js";

/** A node's first credit of an epoch: whether its share is forfeited (stake short of S(n), retired, blacklisted). */
ponder.on("EpochRewards:EpochJoined", async ({ event, context }) => {
  const a = event.args;
  await ensureEpoch(context.db, a.epoch);
  await context.db
    .insert(nodeEpoch)
    .values({ id: `${a.licenseId}-${a.epoch}`, nodeId: a.licenseId, epoch: a.epoch, role: a.role, workWad: 0n, forfeited: a.forfeited })
    .onConflictDoUpdate({ role: a.role, forfeited: a.forfeited });
});

/**
 * A closed epoch: T, IBME, penalties, the DAO's part, the role pools (from the terms fixed at its first credit, read at
 * this block) and each node's earnings, rounded as the contract rounds them, so a node's claim equals the sum of its
 * epochs' earnings.
 */
ponder.on("EpochRewards:EpochClosed", async ({ event, context }) => {
  const a = event.args;
  const totals = await context.client.readContract({
    abi: epochRewardsAbi, address: context.contracts.EpochRewards.address, functionName: "epochTotals", args: [a.epoch],
  });
  const pools = epochPools(a.mintedIfx, a.penaltyIfx, totals.terms);
  await ensureEpoch(context.db, a.epoch);
  await context.db.update(epoch, { id: a.epoch }).set({
    closed: true, paidIbmWad: a.paidIbmWad, apparentIbmWad: a.apparentIbmWad, verifierWorkWad: totals.verifierWorkWad,
    managerWorkWad: totals.managerWorkWad, ibmeBps: a.ibmeBps, emissionIfx: a.emissionIfx, mintedIfx: a.mintedIfx,
    penaltyIfx: a.penaltyIfx, toDaoIfx: a.toDaoIfx, ...pools, closedBlock: event.block.number,
  });
  const work = { paidWorkWad: totals.paidWorkWad, verifierWorkWad: totals.verifierWorkWad, managerWorkWad: totals.managerWorkWad };
  const rows = await context.db.sql.select().from(nodeEpoch).where(eq(nodeEpoch.epoch, a.epoch));
  for (const row of rows) {
    const earnedIfx = row.forfeited ? 0n : shareOf(row.role, row.workWad, pools, work);
    await context.db.update(nodeEpoch, { id: row.id }).set({ earnedIfx });
  }
});

ponder.on("EpochRewards:RewardsClaimed", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(claim).values({ id: event.id, nodeId: a.licenseId, to: a.to, amount: a.amount, block: event.block.number, timestamp: event.block.timestamp });
});

ponder.on("EpochRewards:DaoPaid", async ({ event, context }) => {
  await context.db.insert(daoPayment).values({ id: event.id, treasury: event.args.treasury, amount: event.args.amount, block: event.block.number });
});
