import { type Command, Option } from "commander";
import { formatEther, parseEventLogs } from "viem";
import { allAbis } from "../../chain/abis.generated.js";
import { decodeRevert } from "../../chain/decodeRevert.js";
import type { WritableChainSession } from "../../chain/openChainSession.js";
import { ContractWriteError, sendContractWrite } from "../../chain/sendContractWrite.js";
import type { CommandContext } from "../commandContext.js";
import { openWriteSession, progress } from "../openCliSession.js";
import { parseLicenseId } from "../parseAmount.js";
import { printResult } from "../printResult.js";

const OPTIONS = { a: 0, b: 1 } as const;

/**
 * The buyback takes the license with `transferFrom`, so it must be approved; but approving first would leave an
 * approval behind whenever the buyback is refused (outside the window, not eligible). So: simulate the buyback
 * alone, and approve only when the one thing it lacks is the approval.
 */
async function approveIfOnlyThatIsMissing(session: WritableChainSession, licenseId: bigint, option: number, context: CommandContext): Promise<void> {
  const { license, buyback } = session.contracts;
  const me = session.wallet.account.address;
  if ((await license.read.getApproved([licenseId])) === buyback.address || (await license.read.isApprovedForAll([me, buyback.address]))) return;
  try {
    await buyback.simulate.buyback([licenseId, option], { account: me });
    return;
  } catch (error) {
    const revert = decodeRevert(error, allAbis);
    if (revert?.errorName !== "ERC721InsufficientApproval") {
      throw new ContractWriteError("GuaranteedBuyback.buyback", "simulate", revert, `GuaranteedBuyback.buyback reverted: ${revert?.message ?? (error as Error).message.split("\n")[0]}`, false, undefined, { cause: error });
    }
  }
  progress(context, `approving license #${licenseId} for the buyback...`);
  progress(context, `  ${(await sendContractWrite(session, { address: license.address, abi: license.abi, functionName: "approve", args: [buyback.address, licenseId], label: "NodeLicense.approve" })).hash}`);
}

/** `ifx buyback <licenseId> --option a|b`: the Guaranteed Node Buyback (WP §VI-J2). */
export function addBuybackCommand(program: Command, context: CommandContext): void {
  program.command("buyback")
    .description("node owner: hand a license back in the buyback window: (a) its USD price in IFX vesting 30 days, (b) 80% of the ETH paid")
    .argument("<licenseId>", "the license to sell back", parseLicenseId)
    .addOption(new Option("--option <a|b>", "a: IFX from the buyback fund; b: 80% of the ETH paid").choices(["a", "b"]).makeOptionMandatory())
    .option("--json", "print the result as JSON")
    .action(async (licenseId: bigint, flags: { option: "a" | "b"; json?: boolean }) => {
      const session = await openWriteSession(context);
      const { buyback } = session.contracts;
      const option = OPTIONS[flags.option];
      await approveIfOnlyThatIsMissing(session, licenseId, option, context);
      progress(context, `selling license #${licenseId} back (option ${flags.option})...`);
      const sold = await sendContractWrite(session, { address: buyback.address, abi: buyback.abi, functionName: "buyback", args: [licenseId, option], label: "GuaranteedBuyback.buyback" });
      progress(context, `  ${sold.hash}`);
      const [event] = parseEventLogs({ abi: buyback.abi, logs: sold.receipt.logs, eventName: "BoughtBack" });
      const result = { licenseId, option: flags.option, ifxAmount: event!.args.ifxAmount, ethAmount: event!.args.ethAmount, participationBps: event!.args.participationBps, tx: sold.hash };
      printResult(context, flags.json, result, () => flags.option === "a"
        ? `license #${licenseId} bought back for ${formatEther(result.ifxAmount)} IFX, vesting over 30 days`
        : `license #${licenseId} bought back for ${formatEther(result.ethAmount)} ETH`);
    });
}

/** `ifx buyback-claim <licenseId>`: the IFX of an option (a) buyback vested so far, to the seller. */
export function addBuybackClaimCommand(program: Command, context: CommandContext): void {
  program.command("buyback-claim")
    .description("node owner: claim the IFX vested so far from an option (a) buyback (linear over 30 days)")
    .argument("<licenseId>", "the license sold back", parseLicenseId)
    .option("--json", "print the result as JSON")
    .action(async (licenseId: bigint, flags: { json?: boolean }) => {
      const session = await openWriteSession(context);
      const { buyback } = session.contracts;
      progress(context, `claiming the vested IFX of license #${licenseId}...`);
      const claimed = await sendContractWrite(session, { address: buyback.address, abi: buyback.abi, functionName: "claimVested", args: [licenseId], label: "GuaranteedBuyback.claimVested" });
      progress(context, `  ${claimed.hash}`);
      const [event] = parseEventLogs({ abi: buyback.abi, logs: claimed.receipt.logs, eventName: "VestedClaimed" });
      const vesting = await buyback.read.vestingOf([licenseId]);
      const result = { licenseId, amount: event!.args.amount, released: vesting.released, total: vesting.total, tx: claimed.hash };
      printResult(context, flags.json, result, () =>
        `claimed ${formatEther(result.amount)} IFX for license #${licenseId}: ${formatEther(result.released)} of ${formatEther(result.total)} IFX released`);
    });
}
