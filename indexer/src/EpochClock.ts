import { ponder } from "ponder:registry";
import { epoch } from "ponder:schema";
import { ensureEpoch } from "../lib/epochRows.js";

/** When an epoch started and how long it runs, as the clock checkpointed it. */
ponder.on("EpochClock:EpochCheckpointed", async ({ event, context }) => {
  const a = event.args;
  await ensureEpoch(context.db, a.epoch);
  await context.db.update(epoch, { id: a.epoch }).set({ startedAt: a.startedAt, lengthSeconds: a.lengthSeconds });
});
