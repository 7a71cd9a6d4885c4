import { ponder } from "ponder:registry";
import { parameter, parameterChange, referenceTime } from "ponder:schema";
import { paramName } from "../../keepers/chain/paramKeys.js";

ponder.on("ParameterRegistry:ParameterDefined", async ({ event, context }) => {
  const a = event.args;
  const row = { name: a.name, value: a.value, min: a.min, max: a.max, updatedBlock: event.block.number };
  await context.db.insert(parameter).values({ id: a.key, ...row }).onConflictDoUpdate(row);
});

/** A governed change (through the timelock): the parameter's value now, and the change in its history. */
ponder.on("ParameterRegistry:ParameterChanged", async ({ event, context }) => {
  const a = event.args;
  const current = await context.db.find(parameter, { id: a.key });
  const name = current?.name ?? paramName(a.key) ?? a.key;
  await context.db.insert(parameterChange).values({
    id: event.id, key: a.key, name, oldValue: a.oldValue, newValue: a.newValue, block: event.block.number,
    timestamp: event.block.timestamp, transactionHash: event.transaction.hash,
  });
  if (current !== null) await context.db.update(parameter, { id: a.key }).set({ value: a.newValue, updatedBlock: event.block.number });
});

/** An IB reference time set or changed (a DAO vote, or the deploy's initial scenes). */
ponder.on("ParameterRegistry:ReferenceTimeSet", async ({ event, context }) => {
  const row = { timeMs: event.args.newTimeMs, removed: false, updatedBlock: event.block.number };
  await context.db.insert(referenceTime).values({ id: event.args.sceneId, ...row }).onConflictDoUpdate(row);
});

ponder.on("ParameterRegistry:SceneRemoved", async ({ event, context }) => {
  const row = { timeMs: 0n, removed: true, updatedBlock: event.block.number };
  await context.db.insert(referenceTime).values({ id: event.args.sceneId, ...row }).onConflictDoUpdate(row);
});
