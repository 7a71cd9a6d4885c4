import { ponder } from "ponder:registry";
import { penaltyPool } from "ponder:schema";

const POOL = "pool";

ponder.on("PenaltyPool:SlashReceived", async ({ event, context }) => {
  const a = event.args;
  await context.db
    .insert(penaltyPool)
    .values({ id: POOL, received: a.amount, released: 0n, pending: a.pending })
    .onConflictDoUpdate((row) => ({ received: row.received + a.amount, pending: a.pending }));
});

/** Penalties released into a closing epoch's verifier pool. */
ponder.on("PenaltyPool:PenaltiesReleased", async ({ event, context }) => {
  const a = event.args;
  await context.db
    .insert(penaltyPool)
    .values({ id: POOL, received: 0n, released: a.amount, pending: 0n })
    .onConflictDoUpdate((row) => ({ released: row.released + a.amount, pending: row.pending - a.amount }));
});
