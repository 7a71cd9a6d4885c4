import type { Command } from "commander";
import { formatEther, getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import type { ChainSession } from "../../chain/openChainSession.js";
import { sendContractWrite } from "../../chain/sendContractWrite.js";
import { encryptionKeyOf } from "../../crypto/encryptionKeyOf.js";
import { parsePrivateKey } from "../../keys/loadSigningKey.js";
import { badInput } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";
import { openReadSession, openWriteSession, progress } from "../openCliSession.js";
import { parseLicenseId, positiveWad } from "../parseAmount.js";
import { printResult } from "../printResult.js";
import { ELIGIBILITY, kindName } from "./nodeNames.js";

/** The node daemon's own keys, which `node register` derives the public operator address and encryption key from. */
export const NODE_KEY_VARIABLES = { operator: "IFX_OPERATOR_KEY", encryption: "IFX_ENCRYPTION_KEY" } as const;

interface RegisterFlags {
  price?: bigint;
  operator?: string;
  encryptionKey?: string;
  metadata: string;
  offline?: boolean;
  json?: boolean;
}

/**
 * The node's public identity: the operator address and the encryption public key are public values, so flags are
 * fine; without them they are derived from the daemon's private keys in the environment (what its config holds).
 */
function nodeIdentity(flags: RegisterFlags, env: Readonly<Record<string, string | undefined>>): { operator: Address; encryptionKey: Hex } {
  const operatorKey = env[NODE_KEY_VARIABLES.operator];
  const encryptionSecret = env[NODE_KEY_VARIABLES.encryption];
  let operator: Address;
  if (flags.operator !== undefined) {
    if (!isAddress(flags.operator)) throw badInput(`--operator must be an address, got "${flags.operator}"`);
    operator = getAddress(flags.operator);
  } else if (operatorKey) operator = privateKeyToAddress(parsePrivateKey(operatorKey, NODE_KEY_VARIABLES.operator));
  else throw badInput(`no operator key: pass --operator <address> or set ${NODE_KEY_VARIABLES.operator} (the node daemon's key, never the owner's)`);
  let encryptionKey: Hex;
  if (flags.encryptionKey !== undefined) {
    const hex = flags.encryptionKey as Hex;
    if (!isHex(hex, { strict: true }) || ![68, 132].includes(hex.length)) throw badInput("--encryption-key must be a 33- or 65-byte secp256k1 public key in hex");
    encryptionKey = hex;
  } else if (encryptionSecret) encryptionKey = encryptionKeyOf(parsePrivateKey(encryptionSecret, NODE_KEY_VARIABLES.encryption));
  else throw badInput(`no encryption key: pass --encryption-key <public key> or set ${NODE_KEY_VARIABLES.encryption}`);
  return { operator, encryptionKey };
}

function addRegister(node: Command, context: CommandContext): void {
  node.command("register")
    .description("register the node a license runs (operator key, encryption key, price per IBM), then set it online")
    .argument("<licenseId>", "the license's token id", parseLicenseId)
    .option("--price <usd>", "worker licenses: the node's price per IBM in USD, P(n)", positiveWad("the price"))
    .option("--operator <address>", `the daemon's operator address (default: from ${NODE_KEY_VARIABLES.operator})`)
    .option("--encryption-key <hex>", `the node's secp256k1 public key for PoR keys (default: from ${NODE_KEY_VARIABLES.encryption})`)
    .option("--metadata <uri>", "metadata URI", "")
    .option("--offline", "register without setting the node online")
    .option("--json", "print the result as JSON")
    .action(async (licenseId: bigint, flags: RegisterFlags) => {
      const { operator, encryptionKey } = nodeIdentity(flags, context.io.env);
      const session = await openWriteSession(context);
      const { registry, license } = session.contracts;
      const kind = kindName((await license.read.licenseOf([licenseId])).kind);
      if (kind === "worker" && flags.price === undefined) throw badInput("a worker node needs its price: --price <usd per IBM>");
      if (kind !== "worker" && flags.price !== undefined) throw badInput(`a ${kind} node has no price: leave out --price`);
      progress(context, `registering ${kind} node #${licenseId} with operator ${operator}...`);
      const registered = await sendContractWrite(session, { address: registry.address, abi: registry.abi, functionName: "register", args: [licenseId, operator, encryptionKey, flags.price ?? 0n, flags.metadata], label: "NodeRegistry.register" });
      progress(context, `  ${registered.hash}`);
      if (!flags.offline) {
        progress(context, "setting it online...");
        progress(context, `  ${(await sendContractWrite(session, { address: registry.address, abi: registry.abi, functionName: "setActive", args: [licenseId, true], label: "NodeRegistry.setActive" })).hash}`);
      }
      printResult(context, flags.json, { licenseId, kind, operator, encryptionKey, pricePerIbmWad: flags.price ?? 0n, active: !flags.offline, tx: registered.hash },
        () => `registered ${kind} node #${licenseId}: operator ${operator}${flags.price ? `, $${formatEther(flags.price)} per IBM` : ""}, ${flags.offline ? "offline" : "online"}`);
    });
}

/** Everything a node owner asks about a node, read in one go. S(n) in IFX is null while the IFX price fails closed. */
export async function readNodeStatus(session: ChainSession, licenseId: bigint, ibFloorWad: bigint) {
  const { registry, staking } = session.contracts;
  const node = await registry.read.node([licenseId]);
  const owner = await registry.read.ownerOf([licenseId]);
  const stake = await staking.read.stakeOf([licenseId]);
  const minStakeUsdWad = node.registered ? await staking.read.minStakeUsdWad([licenseId]) : 0n;
  const minStake = node.registered ? await staking.read.minStake([licenseId]).catch(() => null) : 0n;
  const eligibility = ELIGIBILITY[await staking.read.eligibility([licenseId, ibFloorWad])] ?? "unknown";
  const [activeEpochs, completedEpochs] = await registry.read.participation([licenseId]);
  const unbonding = await staking.read.unbondingOf([licenseId, owner]);
  return {
    licenseId, owner, kind: kindName(node.kind), registered: node.registered, active: node.active, blacklisted: node.blacklisted, retired: node.retired,
    operator: node.operator, ibWad: node.ibWad, benchmarked: node.benchmarked, pricePerIbmWad: node.pricePerIbmWad,
    stake, minStake, minStakeUsdWad, eligibility, eligible: eligibility === "eligible",
    participation: { activeEpochs, completedEpochs, bps: await registry.read.participationBps([licenseId]) },
    unbonding: { amount: unbonding.amount, releaseAt: unbonding.releaseAt },
    rejectionsInEpoch: node.rejectionsInEpoch,
  };
}

function describeStatus(s: Awaited<ReturnType<typeof readNodeStatus>>): string {
  if (!s.registered) return `#${s.licenseId} (${s.kind}, owner ${s.owner}): not registered`;
  const minimum = s.minStake === null ? "unknown (no IFX price)" : `${formatEther(s.minStake)} IFX`;
  return [
    `#${s.licenseId} ${s.kind} node of ${s.owner}: ${s.eligibility}`,
    `  ${s.active ? "online" : "offline"}${s.blacklisted ? ", BLACKLISTED" : ""}${s.retired ? ", retired" : ""}, operator ${s.operator}`,
    `  IB ${formatEther(s.ibWad)}${s.benchmarked ? "" : " (not benchmarked yet)"}${s.kind === "worker" ? `, $${formatEther(s.pricePerIbmWad)} per IBM` : ""}`,
    `  stake ${formatEther(s.stake)} IFX, S(n) ${minimum} ($${formatEther(s.minStakeUsdWad)})`,
    `  unbonding ${formatEther(s.unbonding.amount)} IFX${s.unbonding.amount > 0n ? ` (withdrawable from ${new Date(Number(s.unbonding.releaseAt) * 1000).toISOString()})` : ""}`,
    `  participation ${s.participation.activeEpochs}/${s.participation.completedEpochs} completed epochs (${Number(s.participation.bps) / 100}%)`,
  ].join("\n");
}

function addStatus(node: Command, context: CommandContext): void {
  node.command("status")
    .description("a node's registration, state, IB, stake against S(n), eligibility and participation")
    .argument("<licenseId>", "the license's token id", parseLicenseId)
    .option("--ib-floor <ib>", "eligibility for jobs with this IB floor", "0")
    .option("--json", "print the result as JSON")
    .action(async (licenseId: bigint, flags: { ibFloor: string; json?: boolean }) => {
      const floor = flags.ibFloor === "0" ? 0n : positiveWad("the IB floor")(flags.ibFloor);
      const session = await openReadSession(context);
      const status = await readNodeStatus(session, licenseId, floor);
      printResult(context, flags.json, status, () => describeStatus(status));
    });
}

/** `ifx node register|status`. */
export function addNodeCommands(program: Command, context: CommandContext): void {
  const node = program.command("node").description("node owner: register a node, read its status");
  addRegister(node, context);
  addStatus(node, context);
}
