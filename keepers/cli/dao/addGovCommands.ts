import { type Command, InvalidArgumentError } from "commander";
import { parseEventLogs } from "viem";
import { allAbis } from "../../chain/abis.generated.js";
import { simulateProposal } from "../../chain/simulateProposal.js";
import { sendContractWrite } from "../../chain/sendContractWrite.js";
import { CliError, EXIT } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";
import { openReadSession, openWriteSession, progress } from "../openCliSession.js";
import { printResult } from "../printResult.js";
import { buildParameterActions, parseParameterChanges } from "./buildParameterActions.js";
import { findProposal, PROPOSAL_STATES } from "./findProposal.js";
import { formatParamValue, REFERENCE_TIME_PREFIX } from "./parameterUnits.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];
const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;

function parseProposalId(value: string): bigint {
  if (!/^\d{1,80}$/.test(value.trim())) throw new InvalidArgumentError(`expected a proposal id (a decimal number), got "${value}"`);
  return BigInt(value.trim());
}

const stateName = (state: number) => PROPOSAL_STATES[state] ?? `state ${state}`;

function addPropose(gov: Command, context: CommandContext): void {
  gov.command("propose")
    .description("propose parameter changes (a ParameterRegistry call run by the timelock); checked against the registry first")
    .requiredOption("--param <name>", `a governed parameter (see \`ifx params\`) or ${REFERENCE_TIME_PREFIX}<scene>; repeat for several`, collect)
    .requiredOption("--value <value>", "its new value in its unit: 72h, 7d, 1.5 (IFX), 7500 or 75% (bps), ms for reference times", collect)
    .requiredOption("--description <text>", "what the proposal does and why (its text is part of its id)")
    .option("--json", "print the result as JSON")
    .action(async (flags: { param: string[]; value: string[]; description: string; json?: boolean }) => {
      const changes = parseParameterChanges(flags.param, flags.value);
      const session = await openWriteSession(context);
      const { governor, params, timelock } = session.contracts;
      const actions = buildParameterActions(params.address, changes);
      // A proposal that can only fail at execution (a value outside its bounds) is refused before anyone votes.
      const failure = await simulateProposal(session.publicClient, timelock.address, actions, allAbis);
      if (failure) throw new CliError(EXIT.NEGATIVE, `the proposal would fail when executed: ${failure.revert?.message ?? (failure.cause as Error).message.split("\n")[0]}`);
      const args = [actions.map((a) => a.target), actions.map((a) => a.value), actions.map((a) => a.calldata), flags.description] as const;
      progress(context, "proposing...");
      const proposed = await sendContractWrite(session, { address: governor.address, abi: governor.abi, functionName: "propose", args, label: "IFXGovernor.propose" });
      progress(context, `  ${proposed.hash}`);
      const [event] = parseEventLogs({ abi: governor.abi, logs: proposed.receipt.logs, eventName: "ProposalCreated" });
      const { proposalId, voteStart, voteEnd } = event!.args;
      const shown = changes.map((c) => ({ param: c.param, value: c.value, shown: c.param.startsWith(REFERENCE_TIME_PREFIX) ? `${c.value} ms` : formatParamValue(c.param, c.value) }));
      printResult(context, flags.json, { proposalId, changes: shown, voteStart, voteEnd, tx: proposed.hash }, () => [
        `proposal ${proposalId}`, ...shown.map((c) => `  ${c.param} -> ${c.shown}`),
        `  voting from ${new Date(Number(voteStart) * 1000).toISOString()} to ${new Date(Number(voteEnd) * 1000).toISOString()}`,
      ].join("\n"));
    });
}

function addVote(gov: Command, context: CommandContext): void {
  gov.command("vote")
    .description("vote on an active proposal with your delegated IFX votes")
    .argument("<proposalId>", "the proposal's id", parseProposalId)
    .argument("<support>", "for, against or abstain")
    .option("--reason <text>", "a reason recorded with the vote")
    .option("--json", "print the result as JSON")
    .action(async (proposalId: bigint, support: string, flags: { reason?: string; json?: boolean }) => {
      if (!(support in SUPPORT)) throw new InvalidArgumentError(`expected for, against or abstain, got "${support}"`);
      const session = await openWriteSession(context);
      const { governor } = session.contracts;
      const choice = SUPPORT[support as keyof typeof SUPPORT];
      progress(context, `voting ${support} on ${proposalId}...`);
      const voted = flags.reason === undefined
        ? await sendContractWrite(session, { address: governor.address, abi: governor.abi, functionName: "castVote", args: [proposalId, choice], label: "IFXGovernor.castVote" })
        : await sendContractWrite(session, { address: governor.address, abi: governor.abi, functionName: "castVoteWithReason", args: [proposalId, choice, flags.reason], label: "IFXGovernor.castVoteWithReason" });
      progress(context, `  ${voted.hash}`);
      const [event] = parseEventLogs({ abi: governor.abi, logs: voted.receipt.logs, eventName: "VoteCast" });
      const [against, inFavour, abstain] = await governor.read.proposalVotes([proposalId]);
      printResult(context, flags.json, { proposalId, support, weight: event!.args.weight, votes: { for: inFavour, against, abstain }, tx: voted.hash },
        () => `voted ${support} on ${proposalId} with ${event!.args.weight} votes (wei); tally for ${inFavour}, against ${against}, abstain ${abstain}`);
    });
}

function addLifecycle(gov: Command, context: CommandContext, step: "queue" | "execute"): void {
  gov.command(step)
    .description(step === "queue" ? "queue a succeeded proposal in the timelock" : "execute a queued proposal once the timelock delay has passed")
    .argument("<proposalId>", "the proposal's id", parseProposalId)
    .option("--json", "print the result as JSON")
    .action(async (proposalId: bigint, flags: { json?: boolean }) => {
      const session = await openWriteSession(context);
      const { governor } = session.contracts;
      const p = await findProposal(session, proposalId);
      progress(context, `${step === "queue" ? "queueing" : "executing"} ${proposalId} ("${p.description}")...`);
      const done = await sendContractWrite(session, { address: governor.address, abi: governor.abi, functionName: step, args: [p.targets, p.values, p.calldatas, p.descriptionHash], label: `IFXGovernor.${step}` });
      progress(context, `  ${done.hash}`);
      const state = stateName(await governor.read.state([proposalId]));
      const eta = step === "queue" ? await governor.read.proposalEta([proposalId]) : 0n;
      printResult(context, flags.json, { proposalId, state, ...(step === "queue" ? { eta } : {}), tx: done.hash },
        () => `proposal ${proposalId}: ${state}${step === "queue" ? `, executable from ${new Date(Number(eta) * 1000).toISOString()}` : ""}`);
    });
}

function addShow(gov: Command, context: CommandContext): void {
  gov.command("show")
    .description("a proposal's state, votes and deadlines")
    .argument("<proposalId>", "the proposal's id", parseProposalId)
    .option("--json", "print the result as JSON")
    .action(async (proposalId: bigint, flags: { json?: boolean }) => {
      const session = await openReadSession(context);
      const { governor } = session.contracts;
      const state = stateName(await governor.read.state([proposalId]));
      const [against, inFavour, abstain] = await governor.read.proposalVotes([proposalId]);
      const snapshot = await governor.read.proposalSnapshot([proposalId]);
      // The quorum is known only once the snapshot has passed (a future timepoint reverts).
      const quorum = await governor.read.quorum([snapshot]).catch(() => null);
      const result = { proposalId, state, votes: { for: inFavour, against, abstain }, quorum, voteStart: snapshot, voteEnd: await governor.read.proposalDeadline([proposalId]), eta: await governor.read.proposalEta([proposalId]) };
      printResult(context, flags.json, result, () => `proposal ${proposalId}: ${state}; for ${inFavour}, against ${against}, abstain ${abstain} (quorum ${result.quorum})`);
    });
}

/** `ifx gov propose|vote|queue|execute|show`: the DAO's parameter changes through the Governor and the timelock. */
export function addGovCommands(program: Command, context: CommandContext): void {
  const gov = program.command("gov").description("DAO member: propose, vote on, queue and execute parameter changes");
  addPropose(gov, context);
  addVote(gov, context);
  addLifecycle(gov, context, "queue");
  addLifecycle(gov, context, "execute");
  addShow(gov, context);
}
