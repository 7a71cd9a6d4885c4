import { ponder } from "ponder:registry";
import { airdropClaim, airdropTotals } from "ponder:schema";

const TOTALS = "airdrop";

ponder.on("MerkleAirdrop:Claimed", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(airdropClaim).values({ id: a.account, amount: a.amount, block: event.block.number, timestamp: event.block.timestamp });
  await context.db
    .insert(airdropTotals)
    .values({ id: TOTALS, claimed: a.amount, claims: 1, swept: 0n })
    .onConflictDoUpdate((row) => ({ claimed: row.claimed + a.amount, claims: row.claims + 1 }));
});

/** The DAO swept what was unclaimed after the deadline. */
ponder.on("MerkleAirdrop:Swept", async ({ event, context }) => {
  const a = event.args;
  await context.db
    .insert(airdropTotals)
    .values({ id: TOTALS, claimed: 0n, claims: 0, swept: a.amount, sweptTo: a.to })
    .onConflictDoUpdate((row) => ({ swept: row.swept + a.amount, sweptTo: a.to }));
});
