import type { Command } from "commander";
import { formatUnits, type Hex } from "viem";
import { paramKey } from "../../chain/paramKeys.js";
import { sendContractWrite } from "../../chain/sendContractWrite.js";
import { CliError, EXIT } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";
import { openWriteSession, progress } from "../openCliSession.js";
import { integerIn } from "../parseArguments.js";
import { printResult } from "../printResult.js";
import { checkJobId } from "./fetchJob.js";
import { ARTIST_EXIT_CODES, managerGraphql, managerUrlOf, parseManagerUrl } from "./managerClient.js";

interface DisputeProofAnswer {
  jobId: Hex;
  settlementIndex: number;
  outcome: { taskIndex: number; workerId: string; resultCid: string; resultWord: Hex; accepted: boolean; workWad: string };
  proof: Hex[];
  committeeHash: Hex;
  roots: Hex[];
}

const PROOF = `query($jobId: String!, $taskIndex: Int!) { disputeProof(jobId: $jobId, taskIndex: $taskIndex) {
  jobId settlementIndex outcome { taskIndex workerId resultCid resultWord accepted workWad } proof committeeHash roots
} }`;

/**
 * `ifx dispute <job> --task <i>`: the artist contests an accepted task within the dispute window (JobMarket.dispute),
 * posting the governed bond in ifxDollar (returned if the dispute is upheld or nobody rules in time, lost if it is
 * dismissed); only that task's share of the fee is held back. The proof comes from the manager, but the contract checks
 * it against the job's on-chain seal, so a wrong proof is refused there (the revert is printed decoded), never accepted.
 */
export function addDisputeCommand(program: Command, context: CommandContext): void {
  program.command("dispute")
    .description("artist: dispute an accepted task of a settled job (within the dispute window)")
    .argument("<job>", "the job id")
    .requiredOption("--task <index>", "the task's index (ifx status --json lists them)", integerIn(0, 2 ** 31 - 1))
    .option("--manager <url>", "the manager's URL (default: IFX_MANAGER_URL)", parseManagerUrl)
    .option("--json", "print the dispute as JSON")
    .addHelpText("after", ARTIST_EXIT_CODES)
    .action(async (id: string, flags: { task: number; manager?: string; json?: boolean }) => {
      const manager = managerUrlOf(flags.manager, context.io.env);
      const jobId = checkJobId(id) as Hex;
      const { disputeProof: p } = await managerGraphql<{ disputeProof: DisputeProofAnswer }>(manager, PROOF, { jobId, taskIndex: flags.task });
      const session = await openWriteSession(context);
      const [bond, resolutionSeconds, balance] = await Promise.all([
        session.contracts.params.read.get([paramKey("disputeBondWad")]),
        session.contracts.params.read.get([paramKey("disputeResolutionSeconds")]),
        session.contracts.credits.read.balanceOf([session.wallet.account.address]),
      ]);
      if (balance < bond) {
        throw new CliError(EXIT.NEGATIVE, `a dispute posts a bond of ${formatUnits(bond, 18)} ifxDollar and your balance is ${formatUnits(balance, 18)}: top up at least ${formatUnits(bond - balance, 18)} with \`ifx topup <usd>\``);
      }
      const outcome = { taskIndex: p.outcome.taskIndex, workerId: BigInt(p.outcome.workerId), resultCid: p.outcome.resultWord, accepted: p.outcome.accepted, workWad: BigInt(p.outcome.workWad) };
      progress(context, `disputing task ${flags.task} (settlement #${p.settlementIndex}, worker #${p.outcome.workerId}), posting a ${formatUnits(bond, 18)} ifxDollar bond...`);
      const sent = await sendContractWrite(session, {
        address: session.contracts.market.address, abi: session.contracts.market.abi, functionName: "dispute",
        args: [jobId, BigInt(p.settlementIndex), outcome, p.proof, p.committeeHash, p.roots], label: "JobMarket.dispute",
      });
      progress(context, `  ${sent.hash}`);
      const days = Number(resolutionSeconds) / 86_400;
      printResult(context, flags.json, { jobId, taskIndex: flags.task, settlementIndex: p.settlementIndex, workerId: p.outcome.workerId, resultCid: p.outcome.resultCid, bond: bond.toString(), resolutionSeconds: Number(resolutionSeconds), tx: sent.hash },
        () => `dispute opened on task ${flags.task} of job ${jobId} (worker #${p.outcome.workerId}, result ${p.outcome.resultCid}), bond ${formatUnits(bond, 18)} ifxDollar.\n` +
          `The DAO has ${days} days to rule: upheld returns the task's fee and the bond and slashes the worker; dismissed keeps the bond. ` +
          `If nobody rules by then, anyone ends it with the bond returned (JobMarket.expireDispute).`);
    });
}
