import type { ProtocolContracts } from "../../chain/protocolContracts.js";
import type { WriteClients } from "../../chain/sendContractWrite.js";
import type { Logger } from "../../log/createLogger.js";
import { burnWhenDue, type BurnBatch, type BurnOptions } from "./burnWhenDue.js";
import { closeEndedEpochs, type CloseEpochsOptions } from "./closeEndedEpochs.js";

export type EpochKeeperOptions = CloseEpochsOptions & BurnOptions;

export const EPOCH_KEEPER_DEFAULTS: EpochKeeperOptions = {
  maxEpochsScanned: 64,
  maxClosesPerRound: 4,
  maxBatchUsdWad: 50_000n * 10n ** 18n,
};

export interface EpochKeeperDeps {
  contracts: ProtocolContracts;
  clients: WriteClients;
  logger: Logger;
  options?: Partial<EpochKeeperOptions>;
}

/** Where the keeper's reading of epochs stands between rounds (memory only: losing it costs reads, never a write). */
export interface EpochKeeperState {
  scanFrom: bigint;
}

export interface EpochKeeperRound {
  /** Epochs this keeper closed. */
  closed: bigint[];
  /** Epochs due that another keeper closed first. */
  closedByOthers: bigint[];
  /** The batch this keeper burned, or null: none due, or another keeper's. */
  burned: BurnBatch | null;
}

/**
 * One round of the epoch keeper (README step 8): closes the ended epochs, then runs a buy-and-burn batch if one is
 * due. Both are open to anyone and done once on-chain, so several managers may run this at once: a keeper that loses
 * the race sees the decoded "already closed" / "nothing to burn" revert, logs it at debug and reports nothing done.
 * One duty failing does not keep the other from running; the first failure is thrown after both have been tried.
 */
export async function runEpochKeeperRound(deps: EpochKeeperDeps, state: EpochKeeperState): Promise<EpochKeeperRound> {
  const options = { ...EPOCH_KEEPER_DEFAULTS, ...deps.options };
  const logger = deps.logger.child({ component: "epoch-keeper" });
  const round: EpochKeeperRound = { closed: [], closedByOthers: [], burned: null };
  const failures: unknown[] = [];
  try {
    const closing = await closeEndedEpochs(deps.contracts, deps.clients, logger, state.scanFrom, options);
    round.closed = closing.closed;
    round.closedByOthers = closing.closedByOthers;
    state.scanFrom = closing.scanFrom;
  } catch (error) {
    failures.push(error);
  }
  try {
    round.burned = await burnWhenDue(deps.contracts, deps.clients, logger, options);
  } catch (error) {
    failures.push(error);
  }
  if (failures.length > 1) logger.warn({ err: failures[1] }, "the burn failed too");
  if (failures.length > 0) throw failures[0];
  return round;
}
