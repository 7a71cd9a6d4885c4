import { epochRewardsAbi } from "../../chain/abis.generated.js";
import type { ProtocolContracts } from "../../chain/protocolContracts.js";
import type { WriteClients } from "../../chain/sendContractWrite.js";
import type { Logger } from "../../log/createLogger.js";
import { sendUnlessDone } from "./sendUnlessDone.js";

/** Closed by someone else between our read and our write, or (a clock read at an older block) not over yet. */
const ALREADY_DONE = new Set(["RewardsEpochClosed", "RewardsEpochNotOver"]);

export interface CloseEpochsOptions {
  /** Epochs read per round at most (a keeper catching up after a restart reads its way forward over rounds). */
  maxEpochsScanned: number;
  /** Epochs closed per round at most (one transaction each). */
  maxClosesPerRound: number;
}

export interface CloseEpochsResult {
  /** Epochs this keeper's transactions closed. */
  closed: bigint[];
  /** Epochs found due but closed by another keeper first. */
  closedByOthers: bigint[];
  /** The first epoch not known to be settled for good: where the next round starts reading. */
  scanFrom: bigint;
}

/**
 * Closes the ended epochs that have a record and are not closed (EpochRewards: an epoch's record opens at its first
 * credit; an ended epoch without one has nothing to mint and never gets one, since credits go to the running epoch).
 * Reads from `scanFrom` to the running epoch, at most `maxEpochsScanned` of them, and closes at most
 * `maxClosesPerRound`, oldest first. The cursor moves past every ended epoch that is closed or empty: those never
 * change again. It lives in memory: a restarted keeper reads from 0 again, bounded per round, and closes nothing twice.
 */
export async function closeEndedEpochs(
  contracts: ProtocolContracts,
  clients: WriteClients,
  logger: Logger,
  scanFrom: bigint,
  options: CloseEpochsOptions,
): Promise<CloseEpochsResult> {
  const running = await contracts.clock.read.currentEpoch();
  const end = running < scanFrom + BigInt(options.maxEpochsScanned) ? running : scanFrom + BigInt(options.maxEpochsScanned);
  const epochs: bigint[] = [];
  for (let e = scanFrom; e < end; e++) epochs.push(e);
  const totals = await Promise.all(epochs.map((e) => contracts.rewards.read.epochTotals([e])));
  const result: CloseEpochsResult = { closed: [], closedByOthers: [], scanFrom };
  let contiguous = true;
  for (const [i, epoch] of epochs.entries()) {
    const t = totals[i]!;
    const due = !t.closed && t.terms.lengthSeconds !== 0;
    if (due) {
      if (result.closed.length + result.closedByOthers.length >= options.maxClosesPerRound) break;
      const outcome = await sendUnlessDone(
        clients,
        { address: contracts.rewards.address, abi: epochRewardsAbi, functionName: "closeEpoch", args: [epoch], label: "EpochRewards.closeEpoch" },
        ALREADY_DONE,
      );
      if ("sent" in outcome) {
        result.closed.push(epoch);
        logger.info({ epoch, tx: outcome.sent.hash }, "epoch closed");
      } else {
        result.closedByOthers.push(epoch);
        logger.debug({ epoch, revert: outcome.alreadyDone.message }, "epoch already closed by another keeper");
        if (outcome.alreadyDone.errorName !== "RewardsEpochClosed") contiguous = false;
      }
    }
    if (contiguous) result.scanFrom = epoch + 1n;
  }
  return result;
}
