import { parseEventLogs } from "viem";
import { ifxDollarAbi } from "../../chain/abis.generated.js";
import type { ProtocolContracts } from "../../chain/protocolContracts.js";
import type { WriteClients } from "../../chain/sendContractWrite.js";
import type { Logger } from "../../log/createLogger.js";
import { sendUnlessDone } from "./sendUnlessDone.js";

const ALREADY_DONE = new Set(["CreditsNothingToDistribute"]);

/** Stablecoin sent on by one `distributeSpent`: the burn share to BuyAndBurn, the rest to the foundation. */
export interface SpentDistribution {
  burnStable: bigint;
  foundationStable: bigint;
}

/**
 * Moves the stablecoin behind released fees on (WP §VI-D, DESIGN "Economics"): the market's `releaseFees` only marks
 * the credits spent, and nothing reaches the burn until someone calls IFXDollar's `distributeSpent`. Open to anyone and
 * done once per amount, so it is a keeper duty, run before the burn of the same round. Returns what was distributed,
 * or null when nothing was pending or another keeper did it first.
 */
export async function distributeSpentFees(contracts: ProtocolContracts, clients: WriteClients, logger: Logger): Promise<SpentDistribution | null> {
  if ((await contracts.credits.read.pendingSpentStable()) === 0n) return null;
  const outcome = await sendUnlessDone(
    clients,
    { address: contracts.credits.address, abi: ifxDollarAbi, functionName: "distributeSpent", args: [], label: "IFXDollar.distributeSpent" },
    ALREADY_DONE,
  );
  if ("alreadyDone" in outcome) {
    logger.debug({ revert: outcome.alreadyDone.message }, "spent fees already distributed by another keeper");
    return null;
  }
  const [event] = parseEventLogs({ abi: ifxDollarAbi, logs: outcome.sent.receipt.logs, eventName: "SpentDistributed" });
  const distribution = { burnStable: event?.args.burnAmount ?? 0n, foundationStable: event?.args.foundationAmount ?? 0n };
  logger.info(distribution, "spent fees distributed to the burn and the foundation");
  return distribution;
}
