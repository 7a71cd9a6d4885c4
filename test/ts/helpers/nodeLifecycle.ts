import type { NetworkConnection } from "hardhat/types/network";
import { encodeFunctionData, type Address, type Hex } from "viem";
import { jobDisputesAbi, nodeRegistryAbi } from "../../../keepers/chain/abis.generated.js";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import type { ProposalAction } from "../../../keepers/chain/simulateProposal.js";
import { LocalNetwork } from "../../../scripts/lib/localNetwork.js";

const WAD = 10n ** 18n;

/**
 * What the money flow's nodes do besides earning, for the indexer's end-to-end test: a second job whose artist
 * disputes one task (the DAO resolves it), a worker's partial unstake and later withdrawal, and a DAO blacklisting.
 */

export interface OpenDispute {
  jobId: Hex;
  settlementIndex: bigint;
  taskIndex: number;
  workerId: bigint;
}

/** A second job of two tasks, one per worker, settled by the committee; the artist disputes the second worker's task and appeals to the DAO. */
export async function disputeATask(connection: NetworkConnection<string>, net: LocalNetwork): Promise<OpenDispute> {
  const { viem } = connection;
  const [w0, w1] = net.workerIds as [bigint, bigint];
  const { jobId, committee } = await net.openJob(200n * WAD, 2);
  const outcomes = LocalNetwork.outcomes(2, [w0, w1], 100n * WAD);
  const { tree } = await net.settle(jobId, 0n, committee, outcomes);
  const disputed = outcomes[1]!;
  const disputes = await viem.getContractAt("JobDisputes", net.d.contracts.JobDisputes, { client: { wallet: await viem.getWalletClient(net.artist) } });
  const { proof: result } = await net.resultProof(jobId, disputed);
  await net.mined(disputes.write.openDispute([jobId, 0n, disputed, tree.proof(disputed.taskIndex), committee, net.roots.get(jobId)!, result]));
  // No panel sits (every verifier is on the committee); once its vote is over the artist appeals, which gives the DAO
  // until the end of the resolution time (11 days from the opening: 9 after the appeal, a vote takes 8).
  await connection.networkHelpers.time.increase(2 * 86_400 + 1);
  await net.mined(disputes.write.appeal([jobId, 0n, disputed.taskIndex]));
  return { jobId, settlementIndex: 0n, taskIndex: disputed.taskIndex, workerId: disputed.workerId };
}

/** The DAO upholding the dispute (refund to the artist, slash of the worker), as a proposal action. */
export function resolveDisputeAction(d: Deployment, open: OpenDispute): ProposalAction {
  const calldata = encodeFunctionData({ abi: jobDisputesAbi, functionName: "resolveDispute", args: [open.jobId, open.settlementIndex, open.taskIndex, true] });
  return { target: d.contracts.JobDisputes, value: 0n, calldata };
}

/** The DAO blacklisting a node, as a proposal action. */
export function blacklistAction(d: Deployment, licenseId: bigint): ProposalAction {
  return { target: d.contracts.NodeRegistry, value: 0n, calldata: encodeFunctionData({ abi: nodeRegistryAbi, functionName: "blacklist", args: [licenseId] }) };
}

/** The owner asks back a quarter of a node's stake; it unbonds (withdraw it once due with `withdrawStake`). */
export async function unstakeQuarter(connection: NetworkConnection<string>, net: LocalNetwork, licenseId: bigint): Promise<bigint> {
  const staking = await connection.viem.getContractAt("NodeStaking", net.d.contracts.NodeStaking, { client: { wallet: await connection.viem.getWalletClient(net.owner) } });
  const amount = (await staking.read.stakeOf([licenseId])) / 4n;
  await net.mined(staking.write.requestUnstake([licenseId, amount]));
  return amount;
}

export async function withdrawStake(connection: NetworkConnection<string>, net: LocalNetwork, licenseId: bigint, beneficiary: Address): Promise<void> {
  const staking = await connection.viem.getContractAt("NodeStaking", net.d.contracts.NodeStaking);
  await net.mined(staking.write.withdraw([licenseId, beneficiary]));
}
