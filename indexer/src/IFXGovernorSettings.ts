import { ponder, type Context } from "ponder:registry";
import { governanceSetting } from "ponder:schema";

/** The governor's settings, from their events (the constructor emits each once, so every setting has a row). */
async function setSetting(context: Context, name: string, value: bigint, block: bigint) {
  const row = { value, updatedBlock: block };
  await context.db.insert(governanceSetting).values({ id: name, changes: 1, ...row }).onConflictDoUpdate((r) => ({ ...row, changes: r.changes + 1 }));
}

ponder.on("IFXGovernor:VotingDelaySet", async ({ event, context }) => setSetting(context, "votingDelay", event.args.newVotingDelay, event.block.number));
ponder.on("IFXGovernor:VotingPeriodSet", async ({ event, context }) => setSetting(context, "votingPeriod", event.args.newVotingPeriod, event.block.number));
ponder.on("IFXGovernor:ProposalThresholdSet", async ({ event, context }) =>
  setSetting(context, "proposalThreshold", event.args.newProposalThreshold, event.block.number),
);
ponder.on("IFXGovernor:QuorumNumeratorUpdated", async ({ event, context }) =>
  setSetting(context, "quorumNumerator", event.args.newQuorumNumerator, event.block.number),
);
