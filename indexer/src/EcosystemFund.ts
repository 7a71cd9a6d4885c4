import { ponder } from "ponder:registry";
import { ecosystemFund, ecosystemRelease } from "ponder:schema";

const FUND = "fund";
/** `IEcosystemFund.Released` channels. */
const [EPOCH, BUYBACK, GRANT] = [0, 1, 2] as const;

ponder.on("EcosystemFund:Released", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(ecosystemRelease).values({
    id: event.id, channel: a.channel, to: a.to, amount: a.amount, memo: a.memo, block: event.block.number,
    timestamp: event.block.timestamp, transactionHash: event.transaction.hash,
  });
  const part = (channel: number) => (a.channel === channel ? a.amount : 0n);
  // Epochs and grants share the 4-year schedule; the buyback fund is reserved apart (IEcosystemFund).
  const scheduled = part(EPOCH) + part(GRANT);
  await context.db
    .insert(ecosystemFund)
    .values({ id: FUND, epochRewards: part(EPOCH), buyback: part(BUYBACK), grants: part(GRANT), releasedScheduled: scheduled })
    .onConflictDoUpdate((row) => ({
      epochRewards: row.epochRewards + part(EPOCH), buyback: row.buyback + part(BUYBACK), grants: row.grants + part(GRANT),
      releasedScheduled: row.releasedScheduled + scheduled,
    }));
});
