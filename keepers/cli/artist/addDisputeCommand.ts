import type { Command } from "commander";
import { formatUnits, type Hex } from "viem";
import { paramKey } from "../../chain/paramKeys.js";
import { sendContractWrite } from "../../chain/sendContractWrite.js";
import { CliError, EXIT } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";
import { openReadSession, openWriteSession, progress } from "../openCliSession.js";
import { integerIn } from "../parseArguments.js";
import { printResult } from "../printResult.js";
import { describeDispute } from "./describeDispute.js";
import { DISPUTE_PROOF_QUERY, openDisputeArgs, type DisputeProofAnswer } from "./disputeProofArgs.js";
import { checkJobId } from "./fetchJob.js";
import { ARTIST_EXIT_CODES, managerGraphql, managerUrlOf, parseManagerUrl } from "./managerClient.js";

interface DisputeFlags {
  task: number;
  manager?: string;
  json?: boolean;
  status?: boolean;
  appeal?: boolean;
  finalize?: boolean;
}

/**
 * `ifx dispute <job> --task <i>`: the artist contests an accepted task within the dispute window
 * (JobDisputes.openDispute), posting the governed bond in ifxDollar; only that task's share of the fee is held back. A
 * fresh panel of verifiers judges it (IJobDisputes); `--status` says where it stands and who may act next, `--appeal`
 * takes the panel's ruling to the DAO (the losing side), `--finalize` ends it once nothing can change. The proof comes
 * from the manager, but the contract checks it against the job's on-chain seal, so a wrong proof is refused there (the
 * revert is printed decoded), never accepted.
 */
export function addDisputeCommand(program: Command, context: CommandContext): void {
  program.command("dispute")
    .description("artist: dispute an accepted task of a settled job (within the dispute window), follow, appeal or end it")
    .argument("<job>", "the job id")
    .requiredOption("--task <index>", "the task's index (ifx status --json lists them)", integerIn(0, 2 ** 31 - 1))
    .option("--manager <url>", "the manager's URL (default: IFX_MANAGER_URL)", parseManagerUrl)
    .option("--status", "show where the task's dispute stands, and who may act next")
    .option("--appeal", "appeal the panel's ruling to the DAO (the losing side, within the appeal window)")
    .option("--finalize", "end the dispute once its outcome can no longer change (anyone)")
    .option("--json", "print the result as JSON")
    .addHelpText("after", ARTIST_EXIT_CODES)
    .action(async (id: string, flags: DisputeFlags) => {
      const actions = [flags.status, flags.appeal, flags.finalize].filter(Boolean).length;
      if (actions > 1) throw new CliError(EXIT.BAD_INPUT, "choose one of --status, --appeal and --finalize");
      const manager = managerUrlOf(flags.manager, context.io.env);
      const jobId = checkJobId(id) as Hex;
      const { disputeProof: p } = await managerGraphql<{ disputeProof: DisputeProofAnswer }>(manager, DISPUTE_PROOF_QUERY, { jobId, taskIndex: flags.task });
      const command = `ifx dispute ${jobId} --task ${flags.task}`;
      if (flags.status) return showDispute(context, jobId, p, flags, command);
      if (flags.appeal || flags.finalize) return actOnDispute(context, jobId, p, flags, command);
      return openDispute(context, jobId, p, flags, command);
    });
}

async function openDispute(context: CommandContext, jobId: Hex, p: DisputeProofAnswer, flags: DisputeFlags, command: string): Promise<void> {
  const session = await openWriteSession(context);
  const [bond, panelSeconds, balance] = await Promise.all([
    session.contracts.params.read.get([paramKey("disputeBondWad")]),
    session.contracts.params.read.get([paramKey("disputePanelSeconds")]),
    session.contracts.credits.read.balanceOf([session.wallet.account.address]),
  ]);
  if (balance < bond) {
    throw new CliError(EXIT.NEGATIVE, `a dispute posts a bond of ${formatUnits(bond, 18)} ifxDollar and your balance is ${formatUnits(balance, 18)}: top up at least ${formatUnits(bond - balance, 18)} with \`ifx topup <usd>\``);
  }
  progress(context, `disputing task ${flags.task} (settlement #${p.settlementIndex}, worker #${p.outcome.workerId}), posting a ${formatUnits(bond, 18)} ifxDollar bond...`);
  const sent = await sendContractWrite(session, {
    address: session.contracts.disputes.address, abi: session.contracts.disputes.abi, functionName: "openDispute",
    args: openDisputeArgs(jobId, p), label: "JobDisputes.openDispute",
  });
  progress(context, `  ${sent.hash}`);
  const days = Number(panelSeconds) / 86_400;
  printResult(context, flags.json, { jobId, taskIndex: flags.task, settlementIndex: p.settlementIndex, workerId: p.outcome.workerId, resultCid: p.outcome.resultCid, bond: bond.toString(), panelSeconds: Number(panelSeconds), tx: sent.hash },
    () => `dispute opened on task ${flags.task} of job ${jobId} (worker #${p.outcome.workerId}, result ${p.outcome.resultCid}), bond ${formatUnits(bond, 18)} ifxDollar.\n` +
      `A panel of verifiers outside the job's committee has ${days} days to judge the frame: upheld returns the task's fee and the bond and slashes the worker; dismissed keeps the bond. ` +
      `The losing side may appeal to the DAO. Follow it with \`${command} --status\`.`);
}

async function readDispute(context: CommandContext, jobId: Hex, p: DisputeProofAnswer) {
  const session = await openReadSession(context);
  const { disputes, params } = session.contracts;
  const key = [jobId, BigInt(p.settlementIndex), p.outcome.taskIndex] as const;
  const [d, finalAt, panel, appeal, resolution, block] = await Promise.all([
    disputes.read.dispute(key), disputes.read.finalAt(key),
    params.read.get([paramKey("disputePanelSeconds")]), params.read.get([paramKey("disputeAppealSeconds")]),
    params.read.get([paramKey("disputeResolutionSeconds")]), session.publicClient.getBlock(),
  ]);
  const times = { panelSeconds: Number(panel), appealSeconds: Number(appeal), resolutionSeconds: Number(resolution) };
  return { d, finalAt: Number(finalAt), times, now: Number(block.timestamp) };
}

async function showDispute(context: CommandContext, jobId: Hex, p: DisputeProofAnswer, flags: DisputeFlags, command: string): Promise<void> {
  const { d, finalAt, times, now } = await readDispute(context, jobId, p);
  printResult(context, flags.json, { jobId, taskIndex: flags.task, settlementIndex: p.settlementIndex, ...d, finalAt },
    () => `dispute on task ${flags.task} of job ${jobId} (settlement #${p.settlementIndex}):\n${describeDispute(d, times, finalAt, now, command)}`);
}

async function actOnDispute(context: CommandContext, jobId: Hex, p: DisputeProofAnswer, flags: DisputeFlags, command: string): Promise<void> {
  const { d, finalAt, now } = await readDispute(context, jobId, p);
  if (d.state !== 1) throw new CliError(EXIT.NEGATIVE, `no dispute is open on task ${flags.task} of job ${jobId}: see \`${command} --status\``);
  if (flags.finalize && now <= finalAt) {
    throw new CliError(EXIT.NEGATIVE, `the dispute can still change until ${new Date(finalAt * 1000).toISOString()} (a vote, an appeal or the DAO): finalize after that`);
  }
  const session = await openWriteSession(context);
  const functionName = flags.appeal ? "appeal" : "finalize";
  progress(context, `${functionName === "appeal" ? "appealing the panel's ruling to the DAO" : "ending the dispute"} on task ${flags.task}...`);
  const sent = await sendContractWrite(session, {
    address: session.contracts.disputes.address, abi: session.contracts.disputes.abi, functionName,
    args: [jobId, BigInt(p.settlementIndex), p.outcome.taskIndex], label: `JobDisputes.${functionName}`,
  });
  printResult(context, flags.json, { jobId, taskIndex: flags.task, settlementIndex: p.settlementIndex, action: functionName, tx: sent.hash },
    () => functionName === "appeal"
      ? `appealed: the DAO may rule until the dispute's resolution time ends; otherwise the panel's ruling stands (${sent.hash}).`
      : `dispute ended (${sent.hash}): see \`${command} --status\` and your balance.`);
}
