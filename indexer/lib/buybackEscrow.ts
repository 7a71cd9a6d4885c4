import type { Context } from "ponder:registry";
import { buybackEscrow, buybackTotals } from "ponder:schema";

/** The id of the one `buyback_totals` row. */
export const ESCROW_TOTALS = "escrow";

/** A buy-back empties the license's escrow (`BoughtBack` handler): to the holder for the ETH option, to the treasury otherwise. */
export async function emptyEscrow(context: Context, tokenId: bigint, ethToHolder: bigint): Promise<void> {
  const row = await context.db.find(buybackEscrow, { id: tokenId });
  if (row === null || row.escrowed === 0n) return;
  await context.db.update(buybackEscrow, { id: tokenId }).set({ escrowed: 0n, paidToHolder: row.paidToHolder + ethToHolder });
  await context.db.update(buybackTotals, { id: ESCROW_TOTALS }).set((t) => ({ totalEscrowed: t.totalEscrowed - row.escrowed }));
}
