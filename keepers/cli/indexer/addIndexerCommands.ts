import { InvalidArgumentError, type Command } from "commander";
import { formatEther, formatUnits } from "viem";
import type { EpochSummary, NetworkTotals, NodeEarnings } from "../../../indexer/lib/apiTypes.js";
import type { CommandContext } from "../commandContext.js";
import { kindName } from "../node/nodeNames.js";
import { parseLicenseId } from "../parseAmount.js";
import { printResult } from "../printResult.js";
import { INDEXER_EXIT_CODES, indexerGet, indexerUrlOf, parseIndexerUrl } from "./indexerClient.js";

interface IndexerFlags {
  indexer?: string;
  json?: boolean;
}

/** An epoch number: a non-negative whole number. */
function parseEpoch(value: string): bigint {
  if (!/^\d{1,30}$/.test(value.trim())) throw new InvalidArgumentError(`expected an epoch number (a whole number), got "${value}"`);
  return BigInt(value.trim());
}

const ifx = (wad: string | null): string => (wad === null ? "-" : `${formatEther(BigInt(wad))} IFX`);
const ibm = (wad: string | null): string => (wad === null ? "-" : `${formatEther(BigInt(wad))} IBM`);
const usd = (wad: string): string => `${formatEther(BigInt(wad))} ifxDollar`;
/** Basis points as a percent: 8333 is "83.33%". */
const percent = (bps: string | null): string => (bps === null ? "-" : `${formatUnits(BigInt(bps), 2)}%`);

function withIndexer(command: Command): Command {
  return command
    .option("--indexer <url>", "the indexer's URL (default: IFX_INDEXER_URL)", parseIndexerUrl)
    .option("--json", "print the indexer's answer as JSON")
    .addHelpText("after", INDEXER_EXIT_CODES);
}

function earningsText(e: NodeEarnings): string {
  const role = e.role === null ? "node" : `${kindName(e.role)} node`;
  return [
    `#${e.nodeId} ${role}: earned ${ifx(e.earnedIfx)} over closed epochs, claimed ${ifx(e.claimedIfx)}`,
    ...e.epochs.map((row) => {
      const earned = row.forfeited ? "forfeited" : row.closed ? `earned ${ifx(row.earnedIfx ?? "0")}` : "open (earns when it closes)";
      return `  epoch ${row.epoch}: ${ibm(row.workWad)} of work as ${kindName(row.role)}, ${earned}`;
    }),
  ].join("\n");
}

function epochText(e: EpochSummary): string {
  const started = e.startedAt === null ? "" : `, started ${new Date(Number(e.startedAt) * 1_000).toISOString()}`;
  const length = e.lengthSeconds === null ? "" : `, ${e.lengthSeconds} s long`;
  const lines = [
    `epoch ${e.epoch} ${e.closed ? "closed" : "open"}${started}${length}`,
    `  W (paid work) ${ibm(e.paidIbmWad)}; apparent ${ibm(e.apparentIbmWad)}; IBME ${percent(e.ibmeBps)}`,
  ];
  if (e.closed) {
    lines.push(
      `  T minted ${ifx(e.mintedIfx)} (emission ${ifx(e.emissionIfx)})`,
      `  pools: workers ${ifx(e.pools?.workersIfx ?? null)}, verifiers ${ifx(e.pools?.verifiersIfx ?? null)}, managers ${ifx(e.pools?.managersIfx ?? null)}`,
      `  penalties ${ifx(e.penaltyIfx)}; to the DAO ${ifx(e.toDaoIfx)}`,
    );
  } else lines.push("  not closed yet: nothing minted");
  lines.push(`  fees settled ${usd(e.feesSettled)}; burned ${ifx(e.burnedIfx)}; ${e.settlements} settlement(s), ${e.nodes} node(s) with work`);
  return lines.join("\n");
}

function totalsText(t: NetworkTotals): string {
  return [
    `nodes: ${t.licenses} licenses, ${t.nodes} registered, ${t.activeNodes} active; ${ifx(t.totalStaked)} staked, ${ifx(t.slashedIfx)} slashed`,
    `jobs: ${t.jobs}, ${t.settlements} settlement(s), ${ibm(t.paidWorkWad)} paid; fees settled ${usd(t.feesSettled)}, released ${usd(t.feesReleased)}`,
    `epochs closed: ${t.epochsClosed}, minted ${ifx(t.mintedByEpochsIfx)}, claimed ${ifx(t.claimedIfx)}`,
    `IFX supply ${ifx(t.ifxSupply)}, ${t.ifxHolders} holder(s), burned ${ifx(t.burnedIfx)}`,
    `DAO: ${t.proposals} proposal(s), ${t.parameterChanges} parameter change(s)`,
  ].join("\n");
}

/**
 * `ifx earnings|epoch|network`: the network's state as the indexer serves it (`GET /nodes/:id/earnings`,
 * `/epochs/:n`, `/totals`), for node owners and anyone; no chain or key needed.
 */
export function addIndexerCommands(program: Command, context: CommandContext): void {
  withIndexer(program.command("earnings")
    .description("anyone: a node's work and IFX earned per epoch, and its totals earned and claimed, from the indexer")
    .argument("<licenseId>", "the node's license id", parseLicenseId))
    .action(async (id: bigint, flags: IndexerFlags) => {
      const indexer = indexerUrlOf(flags.indexer, context.io.env);
      const earnings = await indexerGet<NodeEarnings>(indexer, `/nodes/${id}/earnings`, `node ${id}`);
      printResult(context, flags.json, earnings, () => earningsText(earnings));
    });

  withIndexer(program.command("epoch")
    .description("anyone: an epoch's W, apparent IBM, IBME, T minted, role pools, penalties, DAO share, fees and burns, from the indexer")
    .argument("<n>", "the epoch number", parseEpoch))
    .action(async (n: bigint, flags: IndexerFlags) => {
      const indexer = indexerUrlOf(flags.indexer, context.io.env);
      const summary = await indexerGet<EpochSummary>(indexer, `/epochs/${n}`, `epoch ${n}`);
      printResult(context, flags.json, summary, () => epochText(summary));
    });

  withIndexer(program.command("network")
    .description("anyone: network totals (licenses, nodes, stake, jobs, fees, epochs, IFX minted, claimed, burned, supply), from the indexer"))
    .action(async (flags: IndexerFlags) => {
      const indexer = indexerUrlOf(flags.indexer, context.io.env);
      const totals = await indexerGet<NetworkTotals>(indexer, "/totals", "network totals");
      printResult(context, flags.json, totals, () => totalsText(totals));
    });
}
