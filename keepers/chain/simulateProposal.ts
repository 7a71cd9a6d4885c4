import type { Abi, Address, Hex, PublicClient } from "viem";
import { decodeRevert, type DecodedRevert } from "./decodeRevert.js";

export interface ProposalAction {
  target: Address;
  value: bigint;
  calldata: Hex;
}

export interface SimulationFailure {
  index: number;
  action: ProposalAction;
  revert: DecodedRevert | undefined;
  cause: unknown;
}

/**
 * Runs each action of a proposal as an `eth_call` from the timelock, the account that will execute it, so that a
 * proposal that can only fail (a parameter outside its bounds, say) is caught before anyone votes on it, with the
 * contract's own error. Actions are simulated one by one against the current state, so a later action that depends
 * on an earlier one's effect may be reported falsely; the on-chain execution remains the authority.
 */
export async function simulateProposal(
  publicClient: PublicClient,
  timelock: Address,
  actions: readonly ProposalAction[],
  abis: readonly Abi[],
): Promise<SimulationFailure | undefined> {
  for (const [index, action] of actions.entries()) {
    try {
      await publicClient.call({ account: timelock, to: action.target, value: action.value, data: action.calldata });
    } catch (cause) {
      return { index, action, revert: decodeRevert(cause, abis), cause };
    }
  }
  return undefined;
}
