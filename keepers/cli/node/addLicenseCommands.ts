import { Command, Option } from "commander";
import { formatEther, formatUnits, getAddress, isAddress, parseEventLogs, type Address } from "viem";
import { sendContractWrite } from "../../chain/sendContractWrite.js";
import { badInput } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";
import { configuredAddress, openReadSession, openWriteSession, progress } from "../openCliSession.js";
import { printResult } from "../printResult.js";
import { kindName, LICENSE_KINDS, parseKind } from "./nodeNames.js";

/** Paying in ETH sends the quote plus this margin (the contract refunds the excess): the TWAP may tick up meanwhile. */
const ETH_MARGIN_BPS = 100n;

function addBuy(license: Command, context: CommandContext): void {
  license.command("buy")
    .description("buy a node license in the public sale (from the TGE), paying in the USD stablecoin or in ETH")
    .addOption(new Option("--kind <kind>", "license kind").choices([...LICENSE_KINDS]).default("worker"))
    .addOption(new Option("--pay <token>", "pay in the stablecoin or in ETH at the TWAP").choices(["stable", "eth"]).default("stable"))
    .option("--json", "print the result as JSON")
    .action(async (flags: { kind: string; pay: "stable" | "eth"; json?: boolean }) => {
      const kind = parseKind(flags.kind);
      const session = await openWriteSession(context);
      const { license: nft, stablecoin } = session.contracts;
      const [usdPriceWad, tier, stableAmount, weiAmount] = await nft.read.quote([kind, false]);
      const decimals = session.deployment.external.stablecoinDecimals;
      let value: bigint | undefined;
      if (flags.pay === "stable") {
        progress(context, `approving ${formatUnits(stableAmount, decimals)} USD for NodeLicense...`);
        const approval = await sendContractWrite(session, { address: stablecoin.address, abi: stablecoin.abi, functionName: "approve", args: [nft.address, stableAmount], label: "stablecoin.approve" });
        progress(context, `  ${approval.hash}`);
      } else {
        if (weiAmount === 0n) throw badInput("no ETH price is available now (the ETH/USD source fails closed): pay with --pay stable");
        value = weiAmount + (weiAmount * ETH_MARGIN_BPS) / 10_000n;
      }
      progress(context, `buying a ${flags.kind} license (tier ${tier}, $${formatEther(usdPriceWad)})...`);
      const bought = await sendContractWrite(session, { address: nft.address, abi: nft.abi, functionName: "buy", args: [kind, flags.pay === "eth"], ...(value !== undefined ? { value } : {}), label: "NodeLicense.buy" });
      progress(context, `  ${bought.hash}`);
      const [event] = parseEventLogs({ abi: nft.abi, logs: bought.receipt.logs, eventName: "LicensePurchased" });
      const licenseId = event!.args.tokenId;
      printResult(context, flags.json, { licenseId, kind: flags.kind, tier, usdPriceWad, payToken: event!.args.payToken, amountPaid: event!.args.amountPaid, tx: bought.hash },
        () => `bought ${flags.kind} license #${licenseId} (tier ${tier}) for $${formatEther(usdPriceWad)}`);
    });
}

async function ownerToList(context: CommandContext, owner: string | undefined): Promise<Address> {
  if (owner !== undefined) {
    if (!isAddress(owner)) throw badInput(`--owner must be an address, got "${owner}"`);
    return getAddress(owner);
  }
  const me = await configuredAddress(context);
  if (!me) throw badInput("whose licenses? pass --owner <address> (or configure a key: IFX_PRIVATE_KEY or IFX_KEYSTORE)");
  return me;
}

function addList(license: Command, context: CommandContext): void {
  license.command("list")
    .description("the licenses an address holds, with what each recorded at purchase and its node's state")
    .option("--owner <address>", "whose licenses (default: the configured key's address)")
    .option("--json", "print the result as JSON")
    .action(async (flags: { owner?: string; json?: boolean }) => {
      const owner = await ownerToList(context, flags.owner);
      const session = await openReadSession(context);
      const { license: nft, registry } = session.contracts;
      const count = await nft.read.balanceOf([owner]);
      const licenses: { licenseId: bigint; kind: string; tier: number; usdPriceWad: bigint; payToken: Address; amountPaid: bigint; purchasedAt: bigint; registered: boolean; active: boolean }[] = [];
      for (let i = 0n; i < count; i++) {
        const licenseId = await nft.read.tokenOfOwnerByIndex([owner, i]);
        const bought = await nft.read.licenseOf([licenseId]);
        const node = await registry.read.node([licenseId]);
        licenses.push({ licenseId, kind: kindName(bought.kind), tier: bought.tier, usdPriceWad: bought.usdPriceWad, payToken: bought.payToken, amountPaid: bought.amountPaid, purchasedAt: bought.purchasedAt, registered: node.registered, active: node.active });
      }
      printResult(context, flags.json, { owner, licenses }, () => licenses.length === 0 ? `${owner} holds no license` : licenses.map((l) =>
        `#${l.licenseId}  ${l.kind.padEnd(8)} tier ${l.tier}  $${formatEther(l.usdPriceWad)}  ${l.registered ? (l.active ? "registered, online" : "registered, offline") : "not registered"}`).join("\n"));
    });
}

/** `ifx license buy|list`: the node owner's licenses (WP §VI-J1). */
export function addLicenseCommands(program: Command, context: CommandContext): void {
  const license = program.command("license").description("node owner: buy and list node licenses");
  addBuy(license, context);
  addList(license, context);
}
