import { parseEventLogs, type Hash } from "viem";
import { buyAndBurnAbi } from "../../chain/abis.generated.js";
import { paramKey } from "../../chain/paramKeys.js";
import type { ProtocolContracts } from "../../chain/protocolContracts.js";
import type { WriteClients } from "../../chain/sendContractWrite.js";
import type { Logger } from "../../log/createLogger.js";
import { sendUnlessDone } from "./sendUnlessDone.js";
import { sizeBurnBatch } from "./sizeBurnBatch.js";

/** Another keeper's batch took the balance (nothing left) or reset the interval (what is left is below the minimum). */
const ALREADY_DONE = new Set(["BurnNothingToBurn", "BurnNotDue"]);

export interface BurnOptions {
  /**
   * The largest batch in USD (WAD), whatever the pool's depth: a batch's worst case is the governed slippage of it, so
   * this bounds what one sandwich can take. A larger balance burns in several batches, one per round.
   */
  maxBatchUsdWad: bigint;
}

export interface BurnBatch {
  stableIn: bigint;
  ifxBurned: bigint;
  hash: Hash;
}

/**
 * Runs one buy-and-burn batch if one is due as BuyAndBurn defines it: a stablecoin balance (IFXDollar's
 * `distributeSpent` sends it the burn share of released fees) of at least the governed minimum batch, or any balance
 * once `nextBurnAt()` has passed (chain time). The batch is the balance, capped at `maxBatchUsdWad` and sized to the
 * pool. Returns the batch, or `null` when none was due or another keeper ran it first.
 */
export async function burnWhenDue(contracts: ProtocolContracts, clients: WriteClients, logger: Logger, options: BurnOptions): Promise<BurnBatch | null> {
  const [balance, decimals, minBatchUsdWad, nextAt, block] = await Promise.all([
    contracts.stablecoin.read.balanceOf([contracts.burn.address]),
    contracts.stablecoin.read.decimals(),
    contracts.params.read.get([paramKey("burnMinBatchUsdWad")]),
    contracts.burn.read.nextBurnAt(),
    clients.publicClient.getBlock(),
  ]);
  const toStable = (usdWad: bigint, up: boolean) => {
    const unit = 10n ** BigInt(18 - decimals);
    return up ? (usdWad + unit - 1n) / unit : usdWad / unit;
  };
  if (balance === 0n) return null;
  if (balance < toStable(minBatchUsdWad, true) && block.timestamp < nextAt) {
    logger.debug({ balance, nextAt }, "no burn due");
    return null;
  }
  const cap = balance < toStable(options.maxBatchUsdWad, false) ? balance : toStable(options.maxBatchUsdWad, false);
  const size = await sizeBurnBatch(contracts, cap, decimals);
  if (size === null) {
    logger.warn({ balance, cap }, "burn due but the pool's price is too far from its TWAP for any batch; waiting");
    return null;
  }
  const outcome = await sendUnlessDone(
    clients,
    { address: contracts.burn.address, abi: buyAndBurnAbi, functionName: "burn", args: [size], label: "BuyAndBurn.burn" },
    ALREADY_DONE,
  );
  if ("alreadyDone" in outcome) {
    logger.debug({ revert: outcome.alreadyDone.message }, "burn batch already run by another keeper");
    return null;
  }
  const [burned] = parseEventLogs({ abi: buyAndBurnAbi, logs: outcome.sent.receipt.logs, eventName: "Burned" });
  const batch = { stableIn: burned?.args.stableIn ?? size, ifxBurned: burned?.args.ifxBurned ?? 0n, hash: outcome.sent.hash };
  logger.info({ ...batch, balance }, "burn batch");
  return batch;
}
