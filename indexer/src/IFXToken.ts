import { ponder, type Context } from "ponder:registry";
import { tokenHolder, tokenSupply } from "ponder:schema";
import { zeroAddress, type Address } from "viem";

const IFX = "IFX";

async function addBalance(db: Context["db"], holder: Address, delta: bigint) {
  await db
    .insert(tokenHolder)
    .values({ id: holder, balance: delta, votes: 0n })
    .onConflictDoUpdate((row) => ({ balance: row.balance + delta }));
}

/** Balances and supply: a transfer from the zero address mints, one to it burns (the buy-and-burn). */
ponder.on("IFXToken:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  const minted = from === zeroAddress ? value : 0n;
  const burned = to === zeroAddress ? value : 0n;
  if (minted !== 0n || burned !== 0n) {
    await context.db
      .insert(tokenSupply)
      .values({ id: IFX, totalSupply: minted - burned, minted, burned })
      .onConflictDoUpdate((row) => ({ totalSupply: row.totalSupply + minted - burned, minted: row.minted + minted, burned: row.burned + burned }));
  }
  if (from !== zeroAddress) await addBalance(context.db, from, -value);
  if (to !== zeroAddress) await addBalance(context.db, to, value);
});

ponder.on("IFXToken:DelegateChanged", async ({ event, context }) => {
  await context.db
    .insert(tokenHolder)
    .values({ id: event.args.delegator, balance: 0n, votes: 0n, delegate: event.args.toDelegate })
    .onConflictDoUpdate({ delegate: event.args.toDelegate });
});

ponder.on("IFXToken:DelegateVotesChanged", async ({ event, context }) => {
  await context.db
    .insert(tokenHolder)
    .values({ id: event.args.delegate, balance: 0n, votes: event.args.newVotes })
    .onConflictDoUpdate({ votes: event.args.newVotes });
});
