import { ponder } from "ponder:registry";
import { node, slash, stakeChange } from "ponder:schema";

const at = (event: { id: string; block: { number: bigint; timestamp: bigint } }) => ({ id: event.id, block: event.block.number, timestamp: event.block.timestamp });

ponder.on("NodeStaking:Staked", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(stakeChange).values({ ...at(event), nodeId: a.licenseId, kind: "staked", account: a.from, amount: a.amount, stake: a.stake });
  await context.db.update(node, { id: a.licenseId }).set({ stake: a.stake });
});

ponder.on("NodeStaking:UnstakeRequested", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(stakeChange).values({
    ...at(event), nodeId: a.licenseId, kind: "unstake_requested", account: a.beneficiary, amount: a.amount, unbonding: a.unbonding, releaseAt: a.releaseAt,
  });
  await context.db.update(node, { id: a.licenseId }).set((row) => ({ stake: row.stake - a.amount, unbonding: a.unbonding }));
});

ponder.on("NodeStaking:Withdrawn", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(stakeChange).values({ ...at(event), nodeId: a.licenseId, kind: "withdrawn", account: a.beneficiary, amount: a.amount });
  await context.db.update(node, { id: a.licenseId }).set((row) => ({ unbonding: row.unbonding - a.amount }));
});

ponder.on("NodeStaking:Slashed", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(slash).values({ ...at(event), nodeId: a.licenseId, amount: a.amount, stake: a.stake, unbonding: a.unbonding, epoch: a.epoch });
  await context.db.update(node, { id: a.licenseId }).set((row) => ({ stake: a.stake, unbonding: a.unbonding, slashedTotal: row.slashedTotal + a.amount }));
});
