import type { Command } from "commander";
import type { Hex } from "viem";
import { sendContractWrite } from "../../chain/sendContractWrite.js";
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
 * `ifx dispute <job> --task <i>`: the artist contests an accepted task within the dispute window (JobMarket.dispute).
 * The proof comes from the manager, but the contract checks it against the job's on-chain seal, so a wrong proof is
 * refused there (the revert is printed decoded), never accepted.
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
      const outcome = { taskIndex: p.outcome.taskIndex, workerId: BigInt(p.outcome.workerId), resultCid: p.outcome.resultWord, accepted: p.outcome.accepted, workWad: BigInt(p.outcome.workWad) };
      progress(context, `disputing task ${flags.task} (settlement #${p.settlementIndex}, worker #${p.outcome.workerId})...`);
      const sent = await sendContractWrite(session, {
        address: session.contracts.market.address, abi: session.contracts.market.abi, functionName: "dispute",
        args: [jobId, BigInt(p.settlementIndex), outcome, p.proof, p.committeeHash, p.roots], label: "JobMarket.dispute",
      });
      progress(context, `  ${sent.hash}`);
      printResult(context, flags.json, { jobId, taskIndex: flags.task, settlementIndex: p.settlementIndex, workerId: p.outcome.workerId, resultCid: p.outcome.resultCid, tx: sent.hash },
        () => `dispute opened on task ${flags.task} of job ${jobId} (worker #${p.outcome.workerId}, result ${p.outcome.resultCid}): the DAO resolves it`);
    });
}
