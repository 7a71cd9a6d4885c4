import { ponder } from "ponder:registry";
import { buybackClaim, license } from "ponder:schema";
import { emptyEscrow } from "../lib/buybackEscrow.js";

/** A license sold back: IFX to vest (option 0) or ETH (option 1). */
ponder.on("GuaranteedBuyback:BoughtBack", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(buybackClaim).values({
    id: event.id, kind: "bought_back", licenseId: a.tokenId, account: a.holder, option: a.option, usdPriceWad: a.usdPriceWad,
    ifxAmount: a.ifxAmount, ethAmount: a.ethAmount, participationBps: a.participationBps, block: event.block.number,
  });
  if ((await context.db.find(license, { id: a.tokenId })) !== null) await context.db.update(license, { id: a.tokenId }).set({ boughtBack: true });
  await emptyEscrow(context, a.tokenId, a.ethAmount);
});

ponder.on("GuaranteedBuyback:VestedClaimed", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(buybackClaim).values({
    id: event.id, kind: "vested_claimed", licenseId: a.tokenId, account: a.beneficiary, ifxAmount: a.amount, block: event.block.number,
  });
});
