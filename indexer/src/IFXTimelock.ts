import { ponder } from "ponder:registry";
import { governanceSetting, timelockCall, timelockOperation } from "ponder:schema";

/** One `CallScheduled` per call of a batch: the first creates the operation, each adds its call. */
ponder.on("IFXTimelock:CallScheduled", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(timelockCall).values({
    id: `${a.id}-${a.index}`, timelockOperationId: a.id, index: Number(a.index), target: a.target, value: a.value, data: a.data, executed: false,
  });
  await context.db
    .insert(timelockOperation)
    .values({
      id: a.id, state: "scheduled", calls: 1, executedCalls: 0, predecessor: a.predecessor, delaySeconds: a.delay,
      readyAt: event.block.timestamp + a.delay, scheduledBlock: event.block.number,
    })
    .onConflictDoUpdate((row) => ({ calls: row.calls + 1 }));
});

/** The operation is done once its last call ran (the timelock executes a batch in one transaction, call by call). */
ponder.on("IFXTimelock:CallExecuted", async ({ event, context }) => {
  const a = event.args;
  await context.db.update(timelockCall, { id: `${a.id}-${a.index}` }).set({ executed: true });
  await context.db.update(timelockOperation, { id: a.id }).set((row) => ({
    executedCalls: row.executedCalls + 1,
    state: row.executedCalls + 1 === row.calls ? "executed" : row.state,
    executedBlock: event.block.number,
  }));
});

ponder.on("IFXTimelock:Cancelled", async ({ event, context }) => {
  await context.db.update(timelockOperation, { id: event.args.id }).set({ state: "cancelled" });
});

ponder.on("IFXTimelock:MinDelayChange", async ({ event, context }) => {
  const row = { value: event.args.newDuration, updatedBlock: event.block.number };
  await context.db.insert(governanceSetting).values({ id: "timelockMinDelay", changes: 1, ...row }).onConflictDoUpdate((r) => ({ ...row, changes: r.changes + 1 }));
});
