import type { Command } from "commander";
import { formatEther, parseEventLogs } from "viem";
import { sendContractWrite } from "../../chain/sendContractWrite.js";
import { badInput } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";
import { configuredAddress, openReadSession, openWriteSession, progress } from "../openCliSession.js";
import { collectLicenseIds } from "../parseAmount.js";
import { printResult } from "../printResult.js";

async function ownedLicenses(context: CommandContext, session: Awaited<ReturnType<typeof openReadSession>>): Promise<bigint[]> {
  const me = await configuredAddress(context);
  if (!me) throw badInput("which nodes? give license ids (or configure a key to list your own)");
  const count = await session.contracts.license.read.balanceOf([me]);
  const ids: bigint[] = [];
  for (let i = 0n; i < count; i++) ids.push(await session.contracts.license.read.tokenOfOwnerByIndex([me, i]));
  return ids;
}

function addRewards(program: Command, context: CommandContext): void {
  program.command("rewards")
    .description("node owner: IFX claimable per node (closed epochs' BMW rewards, penalties shared with verifiers)")
    .argument("[licenseIds...]", "nodes (default: every license of the configured key)", collectLicenseIds, [])
    .option("--json", "print the result as JSON")
    .action(async (ids: bigint[], flags: { json?: boolean }) => {
      const session = await openReadSession(context);
      const { rewards, registry, penaltyPool } = session.contracts;
      const nodes: { licenseId: bigint; claimable: bigint; pendingEpoch: bigint; pendingWorkWad: bigint; forfeited: boolean; rejectionsInEpoch: number; blacklisted: boolean }[] = [];
      for (const licenseId of ids.length > 0 ? ids : await ownedLicenses(context, session)) {
        const account = await rewards.read.accountOf([licenseId]);
        const node = await registry.read.node([licenseId]);
        nodes.push({ licenseId, claimable: await rewards.read.claimable([licenseId]), pendingEpoch: account.epoch, pendingWorkWad: account.workWad, forfeited: account.forfeited, rejectionsInEpoch: node.rejectionsInEpoch, blacklisted: node.blacklisted });
      }
      const penaltiesPending = await penaltyPool.read.pending();
      const total = nodes.reduce((sum, n) => sum + n.claimable, 0n);
      printResult(context, flags.json, { nodes, total, penaltiesPending }, () => [
        ...nodes.map((n) => `#${n.licenseId}  ${formatEther(n.claimable)} IFX claimable${n.pendingWorkWad > 0n ? `, ${formatEther(n.pendingWorkWad)} IBM in epoch ${n.pendingEpoch}${n.forfeited ? " (forfeited)" : ""}` : ""}${n.rejectionsInEpoch > 0 ? `, ${n.rejectionsInEpoch} rejection(s) this epoch` : ""}${n.blacklisted ? ", BLACKLISTED" : ""}`),
        `total ${formatEther(total)} IFX; penalties waiting for the next verifier pool: ${formatEther(penaltiesPending)} IFX`,
      ].join("\n"));
    });
}

function addClaim(program: Command, context: CommandContext): void {
  program.command("claim")
    .description("node owner: claim the rewards of nodes (paid to the license holder)")
    .argument("<licenseIds...>", "nodes to claim for", collectLicenseIds, [])
    .option("--json", "print the result as JSON")
    .action(async (ids: bigint[], flags: { json?: boolean }) => {
      const session = await openWriteSession(context);
      const { rewards } = session.contracts;
      const claims: { licenseId: bigint; amount: bigint; tx: `0x${string}` }[] = [];
      for (const licenseId of ids) {
        progress(context, `claiming for #${licenseId}...`);
        const claimed = await sendContractWrite(session, { address: rewards.address, abi: rewards.abi, functionName: "claim", args: [licenseId], label: "EpochRewards.claim" });
        progress(context, `  ${claimed.hash}`);
        const [event] = parseEventLogs({ abi: rewards.abi, logs: claimed.receipt.logs, eventName: "RewardsClaimed" });
        claims.push({ licenseId, amount: event?.args.amount ?? 0n, tx: claimed.hash });
      }
      printResult(context, flags.json, { claims }, () => claims.map((c) => `#${c.licenseId}: claimed ${formatEther(c.amount)} IFX`).join("\n"));
    });
}

/** `ifx rewards|claim`: BMW epoch rewards (WP eq. 18) per node. */
export function addRewardCommands(program: Command, context: CommandContext): void {
  addRewards(program, context);
  addClaim(program, context);
}
