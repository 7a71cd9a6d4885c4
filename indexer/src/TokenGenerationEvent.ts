import { ponder } from "ponder:registry";
import { tge, tgeAllocation, vestingWallet } from "ponder:schema";
import { hexToString } from "viem";

/** A tranche minted: its row of the allocation table and, when it is locked, its vesting wallet (the recipient). */
ponder.on("TokenGenerationEvent:AllocationMinted", async ({ event, context }) => {
  const a = event.args;
  // bytes32 names are ASCII labels right-padded with zeros (as the deploy script reads them).
  const label = hexToString(a.name).replace(/\0+$/, "");
  await context.db.insert(tgeAllocation).values({
    id: Number(a.index), name: a.name, label, holder: a.holder, recipient: a.recipient, amount: a.amount,
    tgeUnlockBps: a.tgeUnlockBps, cliffSeconds: a.cliffSeconds, linearSeconds: a.linearSeconds, block: event.block.number,
  });
  if (a.recipient.toLowerCase() !== a.holder.toLowerCase()) {
    await context.db.insert(vestingWallet).values({
      id: a.recipient, allocationIndex: Number(a.index), beneficiary: a.holder, amount: a.amount, released: 0n, releases: 0,
    });
  }
});

ponder.on("TokenGenerationEvent:TgeExecuted", async ({ event, context }) => {
  await context.db.insert(tge).values({ id: "TGE", executedAt: event.args.timestamp, totalMinted: event.args.totalMinted, block: event.block.number });
});
