import { ponder } from "ponder:registry";
import { license, licenseTier } from "ponder:schema";
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

/** A tier of a license kind (the deploy's tiers, then the DAO's): size and USD price. */
ponder.on("NodeLicense:TierAdded", async ({ event, context }) => {
  const { kind, index, size, usdPriceWad } = event.args;
  await context.db.insert(licenseTier).values({ id: `${kind}:${index}`, kind, index: Number(index), size, usdPriceWad, block: event.block.number }).onConflictDoNothing();
});
