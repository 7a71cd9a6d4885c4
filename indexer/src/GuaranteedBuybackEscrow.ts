import { ponder } from "ponder:registry";
import { buybackEscrow, buybackTotals } from "ponder:schema";
import { ESCROW_TOTALS as TOTALS } from "../lib/buybackEscrow.js";

const empty = { escrowed: 0n, escrowedTotal: 0n, releasedToTreasury: 0n, paidToHolder: 0n };

/** The buy-back share of an ETH license payment, held until the license is sold back or the window closes. */
ponder.on("GuaranteedBuyback:EthEscrowed", async ({ event, context }) => {
  const a = event.args;
  await context.db
    .insert(buybackEscrow)
    .values({ ...empty, id: a.tokenId, escrowed: a.amount, escrowedTotal: a.amount })
    .onConflictDoUpdate((row) => ({ escrowed: row.escrowed + a.amount, escrowedTotal: row.escrowedTotal + a.amount }));
  await context.db.insert(buybackTotals).values({ id: TOTALS, totalEscrowed: a.totalEscrowed, swept: 0n }).onConflictDoUpdate({ totalEscrowed: a.totalEscrowed });
});

/** ETH that went to the treasury instead: paid after the window closed, or left when the holder chose IFX. */
ponder.on("GuaranteedBuyback:EscrowReleasedToTreasury", async ({ event, context }) => {
  const a = event.args;
  await context.db
    .insert(buybackEscrow)
    .values({ ...empty, id: a.tokenId, releasedToTreasury: a.amount })
    .onConflictDoUpdate((row) => ({ releasedToTreasury: row.releasedToTreasury + a.amount }));
});

/** After the window the contract sends its whole balance to the treasury and zeroes its total (not the per-license counts). */
ponder.on("GuaranteedBuyback:EscrowSwept", async ({ event, context }) => {
  await context.db
    .insert(buybackTotals)
    .values({ id: TOTALS, totalEscrowed: 0n, swept: event.args.amount })
    .onConflictDoUpdate((row) => ({ totalEscrowed: 0n, swept: row.swept + event.args.amount }));
});
