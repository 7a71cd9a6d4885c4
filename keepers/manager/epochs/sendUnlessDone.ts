import type { Abi, ContractFunctionName } from "viem";
import type { DecodedRevert } from "../../chain/decodeRevert.js";
import { ContractWriteError, sendContractWrite, type ContractWrite, type WriteClients, type WriteResult } from "../../chain/sendContractWrite.js";

/** A write sent and mined, or not needed: the chain answered with one of the "already done" errors. */
export type IdempotentWrite = { sent: WriteResult } | { alreadyDone: DecodedRevert };

/**
 * A write that anyone may make and only the first one counts (closing an epoch, a burn batch): several keepers may
 * race for it. A revert named in `alreadyDone` (decoded from the simulation, or from replaying a transaction mined
 * after another keeper's) means the work is done or not due; it is returned, not thrown. Anything else throws.
 */
export async function sendUnlessDone<const abi extends Abi, functionName extends ContractFunctionName<abi, "nonpayable" | "payable">>(
  clients: WriteClients,
  write: ContractWrite<abi, functionName>,
  alreadyDone: ReadonlySet<string>,
): Promise<IdempotentWrite> {
  try {
    return { sent: await sendContractWrite(clients, write) };
  } catch (error) {
    if (error instanceof ContractWriteError && error.revert && alreadyDone.has(error.revert.errorName)) return { alreadyDone: error.revert };
    throw error;
  }
}
