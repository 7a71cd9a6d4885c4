import { ponder } from "ponder:registry";
import { license, licenseTier, node } from "ponder:schema";
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

/**
 * Holder changes; the mint itself is the purchase above (whichever of the two events comes first). The license's node
 * goes with it (`INodeRegistry`: the node belongs to whoever holds its license), e.g. to the treasury on a buy-back.
 */
ponder.on("NodeLicense:Transfer", async ({ event, context }) => {
  if (event.args.from === zeroAddress) return;
  const id = event.args.tokenId;
  if ((await context.db.find(license, { id })) !== null) await context.db.update(license, { id }).set({ holder: event.args.to });
  if ((await context.db.find(node, { id })) !== null) await context.db.update(node, { id }).set({ owner: event.args.to });
});

/** A tier of a license kind (the deploy's tiers, then the DAO's): size and USD price. */
ponder.on("NodeLicense:TierAdded", async ({ event, context }) => {
  const { kind, index, size, usdPriceWad } = event.args;
  await context.db.insert(licenseTier).values({ id: `${kind}:${index}`, kind, index: Number(index), size, usdPriceWad, block: event.block.number }).onConflictDoNothing();
});
