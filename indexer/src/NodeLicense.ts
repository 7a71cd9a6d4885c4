import { ponder } from "ponder:registry";
import { license } from "ponder:schema";
import { zeroAddress } from "viem";

ponder.on("NodeLicense:LicensePurchased", async ({ event, context }) => {
  const a = event.args;
  const row = {
    kind: a.kind, tier: a.tier, usdPriceWad: a.usdPriceWad, payToken: a.payToken, amountPaid: a.amountPaid,
    escrowedWei: a.escrowedWei, whitelisted: a.whitelisted, buyer: a.buyer,
  };
  await context.db
    .insert(license)
    .values({ id: a.tokenId, ...row, holder: a.buyer, purchasedBlock: event.block.number, purchasedAt: event.block.timestamp })
    .onConflictDoUpdate(row);
});

/** Holder changes; the mint itself is the purchase above (whichever of the two events comes first). */
ponder.on("NodeLicense:Transfer", async ({ event, context }) => {
  if (event.args.from === zeroAddress) return;
  if ((await context.db.find(license, { id: event.args.tokenId })) === null) return;
  await context.db.update(license, { id: event.args.tokenId }).set({ holder: event.args.to });
});
