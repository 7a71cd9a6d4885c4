import { ponder, type Context } from "ponder:registry";
import { proposal, vote } from "ponder:schema";

ponder.on("IFXGovernor:ProposalCreated", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(proposal).values({
    id: a.proposalId, proposer: a.proposer, targets: [...a.targets], values: a.values.map(String), calldatas: [...a.calldatas],
    description: a.description, voteStart: a.voteStart, voteEnd: a.voteEnd, state: "pending", forVotes: 0n, againstVotes: 0n,
    abstainVotes: 0n, createdBlock: event.block.number,
  });
});

/** A vote (`support` 0 against, 1 for, 2 abstain) and the proposal's tally. */
async function recordVote(
  context: Context,
  event: { id: string; block: { number: bigint }; args: { voter: `0x${string}`; proposalId: bigint; support: number; weight: bigint; reason: string } },
) {
  const a = event.args;
  await context.db.insert(vote).values({ id: event.id, proposalId: a.proposalId, voter: a.voter, support: a.support, weight: a.weight, reason: a.reason, block: event.block.number });
  await context.db.update(proposal, { id: a.proposalId }).set((row) => ({
    forVotes: row.forVotes + (a.support === 1 ? a.weight : 0n),
    againstVotes: row.againstVotes + (a.support === 0 ? a.weight : 0n),
    abstainVotes: row.abstainVotes + (a.support === 2 ? a.weight : 0n),
  }));
}

ponder.on("IFXGovernor:VoteCast", async ({ event, context }) => recordVote(context, event));
ponder.on("IFXGovernor:VoteCastWithParams", async ({ event, context }) => recordVote(context, event));

ponder.on("IFXGovernor:ProposalQueued", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ state: "queued", etaSeconds: event.args.etaSeconds });
});

ponder.on("IFXGovernor:ProposalExecuted", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ state: "executed" });
});

ponder.on("IFXGovernor:ProposalCanceled", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ state: "canceled" });
});
