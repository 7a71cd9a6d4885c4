import { BaseError, ContractFunctionRevertedError, type Address } from "viem";
import { allAbis, uniswapV2TwapOracleAbi } from "../../chain/abis.generated.js";
import { decodeRevert } from "../../chain/decodeRevert.js";
import type { ProtocolContracts } from "../../chain/protocolContracts.js";
import { sendContractWrite, type WriteClients } from "../../chain/sendContractWrite.js";
import type { Logger } from "../../log/createLogger.js";

type Due = "due" | "not due" | "not a TWAP" | "no pool";

/** Whether `update()` would record an observation now, from its simulated return value. */
async function observationDue(clients: WriteClients, oracle: Address): Promise<Due> {
  try {
    const { result } = await clients.publicClient.simulateContract({ address: oracle, abi: uniswapV2TwapOracleAbi, functionName: "update", account: clients.wallet.account });
    return result ? "due" : "not due";
  } catch (error) {
    const revert = decodeRevert(error, allAbis);
    if (revert?.errorName === "OracleEmptyPool") return "no pool";
    // A price feed adapter (a Chainlink ETH/USD feed on a real network) has no `update()`: the call reverts bare.
    const bare = !revert && error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError) !== null;
    if (bare) return "not a TWAP";
    throw error;
  }
}

/**
 * Records an observation on each of the protocol's TWAP price oracles (IFX/USD, and ETH/USD where it is a TWAP) whose
 * newest observation is at least a slot old (UniswapV2TwapOracle: "keepers do so every few minutes"). Without them
 * the average goes stale and fails closed, and with it the burn, the epochs' IFX price and the stake checks. Keepers
 * racing for a slot both send; the later `update()` records nothing and returns false, so the ring stays right.
 * Returns the oracles this keeper updated.
 */
export async function refreshPriceOracles(contracts: ProtocolContracts, clients: WriteClients, logger: Logger): Promise<Address[]> {
  const updated: Address[] = [];
  for (const oracle of [contracts.ifxUsdOracle.address, contracts.ethUsdOracle.address]) {
    const due = await observationDue(clients, oracle);
    if (due !== "due") {
      logger.debug({ oracle, due }, "no price observation to record");
      continue;
    }
    const { hash } = await sendContractWrite(clients, { address: oracle, abi: uniswapV2TwapOracleAbi, functionName: "update", args: [], label: "UniswapV2TwapOracle.update" });
    logger.debug({ oracle, tx: hash }, "price observation recorded");
    updated.push(oracle);
  }
  return updated;
}
