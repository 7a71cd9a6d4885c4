import { keccak256, toHex, type Address, type Hex } from "viem";
import type { ChainSession } from "../../chain/openChainSession.js";
import { CliError, EXIT } from "../cliError.js";

/** Blocks per log query: inside the range limits public RPC providers put on eth_getLogs. */
const LOG_CHUNK = 10_000n;

export interface Proposal {
  proposalId: bigint;
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly Hex[];
  description: string;
  descriptionHash: Hex;
}

/**
 * A proposal's actions, which `queue` and `execute` must be given again (OpenZeppelin's Governor keeps only their
 * hash), recovered from its `ProposalCreated` event on the chain: any DAO member can queue or execute any proposal
 * from any machine, with nothing stored locally. Searched from the newest block back to the deployment's start.
 */
export async function findProposal(session: ChainSession, proposalId: bigint): Promise<Proposal> {
  const { governor } = session.contracts;
  const first = session.deployment.startBlock;
  let to = await session.publicClient.getBlockNumber();
  while (to >= first) {
    const from = to - LOG_CHUNK + 1n > first ? to - LOG_CHUNK + 1n : first;
    const events = await session.publicClient.getContractEvents({ address: governor.address, abi: governor.abi, eventName: "ProposalCreated", fromBlock: from, toBlock: to });
    const found = events.find((e) => e.args.proposalId === proposalId);
    if (found) {
      const { targets, values, calldatas, description } = found.args;
      return { proposalId, targets: targets!, values: values!, calldatas: calldatas!, description: description!, descriptionHash: keccak256(toHex(description!)) };
    }
    to = from - 1n;
  }
  throw new CliError(EXIT.NEGATIVE, `no proposal ${proposalId} was created on this governor (${governor.address})`);
}

/** OpenZeppelin's `IGovernor.ProposalState`, as a person reads it. */
export const PROPOSAL_STATES = ["pending", "active", "canceled", "defeated", "succeeded", "queued", "expired", "executed"] as const;
