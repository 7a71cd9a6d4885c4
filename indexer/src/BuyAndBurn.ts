import { ponder } from "ponder:registry";
import { burn, epoch } from "ponder:schema";
import { ensureEpoch } from "../lib/epochRows.js";

ponder.on("BuyAndBurn:Burned", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(burn).values({
    id: event.id, epoch: a.epoch, stableIn: a.stableIn, ifxBurned: a.ifxBurned, minIfxOut: a.minIfxOut, twapPriceWad: a.twapPriceWad,
    block: event.block.number, timestamp: event.block.timestamp,
  });
  await ensureEpoch(context.db, a.epoch);
  await context.db.update(epoch, { id: a.epoch }).set((row) => ({ burnedIfx: row.burnedIfx + a.ifxBurned }));
});
