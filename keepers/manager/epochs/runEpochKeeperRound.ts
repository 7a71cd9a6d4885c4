import type { Address } from "viem";
import type { ProtocolContracts } from "../../chain/protocolContracts.js";
import type { WriteClients } from "../../chain/sendContractWrite.js";
import type { Logger } from "../../log/createLogger.js";
import { burnWhenDue, type BurnBatch, type BurnOptions } from "./burnWhenDue.js";
import { closeEndedEpochs, type CloseEpochsOptions } from "./closeEndedEpochs.js";
import { distributeSpentFees, type SpentDistribution } from "./distributeSpentFees.js";
import { refreshPriceOracles } from "./refreshPriceOracles.js";

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
  /** TWAP oracles this keeper recorded an observation on. */
  oraclesUpdated: Address[];
  /** Epochs this keeper closed. */
  closed: bigint[];
  /** Epochs due that another keeper closed first. */
  closedByOthers: bigint[];
  /** Released fees' stablecoin this keeper sent to the burn and the foundation, or null. */
  distributed: SpentDistribution | null;
  /** The batch this keeper burned, or null: none due, or another keeper's. */
  burned: BurnBatch | null;
}

/**
 * One round of the epoch keeper (README step 8): keeps the TWAP price oracles observed (the burn and the epochs' IFX
 * price read them), closes the ended epochs, sends released fees' stablecoin to the burn and the foundation, then runs a buy-and-burn
 * batch if one is due. All are open to anyone and
 * done once on-chain, so several managers may run this at once: a keeper that loses the race sees the decoded
 * "already closed" / "nothing to burn" revert, logs it at debug and reports nothing done. One duty failing does not
 * keep the others from running; the first failure is thrown after all have been tried.
 */
export async function runEpochKeeperRound(deps: EpochKeeperDeps, state: EpochKeeperState): Promise<EpochKeeperRound> {
  const options = { ...EPOCH_KEEPER_DEFAULTS, ...deps.options };
  const logger = deps.logger.child({ component: "epoch-keeper" });
  const { contracts, clients } = deps;
  const round: EpochKeeperRound = { oraclesUpdated: [], closed: [], closedByOthers: [], distributed: null, burned: null };
  const failures: unknown[] = [];
  const attempt = async (duty: () => Promise<void>) => {
    try {
      await duty();
    } catch (error) {
      failures.push(error);
    }
  };
  await attempt(async () => {
    round.oraclesUpdated = await refreshPriceOracles(contracts, clients, logger);
  });
  await attempt(async () => {
    const closing = await closeEndedEpochs(contracts, clients, logger, state.scanFrom, options);
    round.closed = closing.closed;
    round.closedByOthers = closing.closedByOthers;
    state.scanFrom = closing.scanFrom;
  });
  await attempt(async () => {
    round.distributed = await distributeSpentFees(contracts, clients, logger);
  });
  await attempt(async () => {
    round.burned = await burnWhenDue(contracts, clients, logger, options);
  });
  for (const failure of failures.slice(1)) logger.warn({ err: failure }, "another duty of the round failed too");
  if (failures.length > 0) throw failures[0];
  return round;
}
