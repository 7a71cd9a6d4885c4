import { ponder } from "ponder:registry";
import { vestingWallet } from "ponder:schema";

/**
 * IFX released by a tranche's vesting wallet. The wallets are found through the TGE's `AllocationMinted` (a Ponder
 * factory), so their rows exist before any release; a wallet holds only IFX, but the token is checked all the same.
 */
ponder.on("TrancheVestingWallet:ERC20Released", async ({ event, context }) => {
  if (event.args.token.toLowerCase() !== context.contracts.IFXToken.address.toLowerCase()) return;
  const id = event.log.address;
  if ((await context.db.find(vestingWallet, { id })) === null) return; // an unlocked tranche's recipient is no wallet
  await context.db.update(vestingWallet, { id }).set((row) => ({ released: row.released + event.args.amount, releases: row.releases + 1 }));
});

/**
 * The wallet's owner is its beneficiary (OpenZeppelin's VestingWallet), and ownership can be handed on. The
 * constructor's own transfer comes before the TGE's `AllocationMinted` creates the row, so a missing row is skipped.
 */
ponder.on("TrancheVestingWallet:OwnershipTransferred", async ({ event, context }) => {
  const id = event.log.address;
  if ((await context.db.find(vestingWallet, { id })) === null) return;
  await context.db.update(vestingWallet, { id }).set({ beneficiary: event.args.newOwner });
});
