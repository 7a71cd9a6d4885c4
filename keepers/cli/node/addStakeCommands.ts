import type { Command } from "commander";
import { formatEther } from "viem";
import { sendContractWrite } from "../../chain/sendContractWrite.js";
import type { CommandContext } from "../commandContext.js";
import { openWriteSession, progress } from "../openCliSession.js";
import { parseLicenseId, positiveWad } from "../parseAmount.js";
import { printResult } from "../printResult.js";

const iso = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();

function addStake(program: Command, context: CommandContext): void {
  program.command("stake")
    .description("node owner: stake IFX on a node (approve, then stake); S(n) is in `ifx node status`")
    .argument("<licenseId>", "the node's license id", parseLicenseId)
    .argument("<ifx>", "IFX to add to the stake", positiveWad("the IFX amount"))
    .option("--json", "print the result as JSON")
    .action(async (licenseId: bigint, amount: bigint, flags: { json?: boolean }) => {
      const session = await openWriteSession(context);
      const { token, staking } = session.contracts;
      progress(context, `approving ${formatEther(amount)} IFX for NodeStaking...`);
      progress(context, `  ${(await sendContractWrite(session, { address: token.address, abi: token.abi, functionName: "approve", args: [staking.address, amount], label: "IFXToken.approve" })).hash}`);
      progress(context, `staking on #${licenseId}...`);
      const staked = await sendContractWrite(session, { address: staking.address, abi: staking.abi, functionName: "stake", args: [licenseId, amount], label: "NodeStaking.stake" });
      progress(context, `  ${staked.hash}`);
      const total = await staking.read.stakeOf([licenseId]);
      printResult(context, flags.json, { licenseId, staked: amount, stake: total, tx: staked.hash }, () => `staked ${formatEther(amount)} IFX on #${licenseId}: stake ${formatEther(total)} IFX`);
    });
}

function addUnstake(program: Command, context: CommandContext): void {
  program.command("unstake")
    .description("node owner: move IFX from a node's stake into unbonding (withdraw it with `ifx withdraw` once due)")
    .argument("<licenseId>", "the node's license id", parseLicenseId)
    .argument("<ifx>", "IFX to unbond", positiveWad("the IFX amount"))
    .option("--json", "print the result as JSON")
    .action(async (licenseId: bigint, amount: bigint, flags: { json?: boolean }) => {
      const session = await openWriteSession(context);
      const { staking } = session.contracts;
      progress(context, `requesting to unstake ${formatEther(amount)} IFX from #${licenseId}...`);
      const requested = await sendContractWrite(session, { address: staking.address, abi: staking.abi, functionName: "requestUnstake", args: [licenseId, amount], label: "NodeStaking.requestUnstake" });
      progress(context, `  ${requested.hash}`);
      const unbonding = await staking.read.unbondingOf([licenseId, session.wallet.account.address]);
      const stake = await staking.read.stakeOf([licenseId]);
      printResult(context, flags.json, { licenseId, unstaked: amount, stake, unbonding: unbonding.amount, releaseAt: unbonding.releaseAt, tx: requested.hash },
        () => `unbonding ${formatEther(unbonding.amount)} IFX from #${licenseId}, withdrawable from ${iso(unbonding.releaseAt)}; stake now ${formatEther(stake)} IFX`);
    });
}

function addWithdraw(program: Command, context: CommandContext): void {
  program.command("withdraw")
    .description("node owner: withdraw your unbonded IFX of a node once the unbonding period is over")
    .argument("<licenseId>", "the node's license id", parseLicenseId)
    .option("--json", "print the result as JSON")
    .action(async (licenseId: bigint, flags: { json?: boolean }) => {
      const session = await openWriteSession(context);
      const { staking } = session.contracts;
      const me = session.wallet.account.address;
      const { amount } = await staking.read.unbondingOf([licenseId, me]);
      progress(context, `withdrawing ${formatEther(amount)} IFX from #${licenseId}...`);
      const withdrawn = await sendContractWrite(session, { address: staking.address, abi: staking.abi, functionName: "withdraw", args: [licenseId, me], label: "NodeStaking.withdraw" });
      printResult(context, flags.json, { licenseId, withdrawn: amount, tx: withdrawn.hash }, () => `withdrew ${formatEther(amount)} IFX from #${licenseId}`);
    });
}

/** `ifx stake|unstake|withdraw`: a node's IFX stake (WP eq. 21) and its unbonding. */
export function addStakeCommands(program: Command, context: CommandContext): void {
  addStake(program, context);
  addUnstake(program, context);
  addWithdraw(program, context);
}
