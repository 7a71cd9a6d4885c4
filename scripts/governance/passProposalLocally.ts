import type { NetworkConnection } from "hardhat/types/network";
import { keccak256, toHex, type Address, type Hash, type TransactionReceipt } from "viem";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import type { ProposalAction } from "../../keepers/chain/simulateProposal.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";

export interface LocalProposal {
  proposalId: bigint;
  descriptionHash: Hash;
  receipts: { propose: TransactionReceipt; vote: TransactionReceipt; queue: TransactionReceipt };
  /** Executes the queued proposal (after the timelock delay, which this function already waited). */
  execute(): Promise<TransactionReceipt>;
}

/**
 * The whole DAO lifecycle on a local chain, moving time with Hardhat's network helpers: propose, wait the voting
 * delay, vote for, wait the voting period, queue in the timelock, wait its delay. `voter` must already hold enough
 * delegated votes for the proposal threshold and the quorum. For tests, the demo and the gas benchmark; on a real
 * network each step is its own command and time passes by itself.
 */
export async function passProposalLocally(
  connection: NetworkConnection<string>,
  deployment: Deployment,
  voter: Address,
  actions: readonly ProposalAction[],
  description: string,
): Promise<LocalProposal> {
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const wallet = await viem.getWalletClient(voter);
  const governor = await viem.getContractAt("IFXGovernor", deployment.contracts.IFXGovernor, { client: { wallet } });
  const targets = actions.map((a) => a.target);
  const values = actions.map((a) => a.value);
  const calldatas = actions.map((a) => a.calldata);
  const descriptionHash = keccak256(toHex(description));
  const mined = (hash: Promise<Hash>): Promise<TransactionReceipt> => waitForSuccess(publicClient, hash);

  const proposalId = await governor.read.hashProposal([targets, values, calldatas, descriptionHash]);
  const propose = await mined(governor.write.propose([targets, values, calldatas, description]));
  await networkHelpers.time.increase(deployment.governance.votingDelaySeconds + 1);
  const vote = await mined(governor.write.castVote([proposalId, 1]));
  await networkHelpers.time.increase(deployment.governance.votingPeriodSeconds + 1);
  const queue = await mined(governor.write.queue([targets, values, calldatas, descriptionHash]));
  await networkHelpers.time.increase(deployment.governance.timelockDelaySeconds + 1);
  return {
    proposalId,
    descriptionHash,
    receipts: { propose, vote, queue },
    execute: () => mined(governor.write.execute([targets, values, calldatas, descriptionHash])),
  };
}
