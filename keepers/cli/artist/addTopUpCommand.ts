import type { Command } from "commander";
import { formatUnits } from "viem";
import { sendContractWrite } from "../../chain/sendContractWrite.js";
import type { CommandContext } from "../commandContext.js";
import { openWriteSession, progress } from "../openCliSession.js";
import { parseDecimal, parseInAction } from "../parseAmount.js";
import { printResult } from "../printResult.js";

interface TopUpFlags {
  json?: boolean;
}

/**
 * `ifx topup <usd>`: buys ifxDollar credit 1:1 with the USD stablecoin (WP §VI-D): approve exactly the amount, then
 * IFXDollar.topUp for the sender. The amount is parsed in the stablecoin's own decimals, so it is never rounded.
 */
export function addTopUpCommand(program: Command, context: CommandContext): void {
  program.command("topup")
    .description("artist: top up ifxDollar credit with the USD stablecoin (1 USD = 1 ifxDollar)")
    .argument("<usd>", "amount of USD stablecoin to pay, e.g. 250 or 12.5")
    .option("--json", "print the result as JSON")
    .action(async (usd: string, flags: TopUpFlags) => {
      const session = await openWriteSession(context);
      const { contracts, deployment } = session;
      const decimals = deployment.external.stablecoinDecimals;
      const amount = parseInAction(() => parseDecimal(usd, decimals, "the USD amount"));
      const me = session.wallet.account.address;
      progress(context, `approving ${formatUnits(amount, decimals)} USD for IFXDollar...`);
      const approval = await sendContractWrite(session, { address: contracts.stablecoin.address, abi: contracts.stablecoin.abi, functionName: "approve", args: [contracts.credits.address, amount], label: "stablecoin.approve" });
      progress(context, `  ${approval.hash}`);
      progress(context, "topping up...");
      const topUp = await sendContractWrite(session, { address: contracts.credits.address, abi: contracts.credits.abi, functionName: "topUp", args: [me, amount], label: "IFXDollar.topUp" });
      progress(context, `  ${topUp.hash}`);
      const balance = await contracts.credits.read.balanceOf([me]);
      printResult(context, flags.json, { account: me, paidStable: amount, stableDecimals: decimals, balanceWad: balance, tx: topUp.hash },
        () => `topped up ${formatUnits(amount, decimals)} USD: ${formatUnits(balance, 18)} ifxDollar on ${me}`);
    });
}
