import type { NetworkConnection } from "hardhat/types/network";
import { encodeFunctionData, toHex, type Address, type Hex } from "viem";
import { ecosystemFundAbi, merkleAirdropAbi } from "../../../keepers/chain/abis.generated.js";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import type { ProposalAction } from "../../../keepers/chain/simulateProposal.js";
import { waitForSuccess } from "../../../keepers/chain/waitForSuccess.js";
import { ageOracles } from "../../../scripts/nodes/ageOracles.js";

/**
 * The foundation's events the money flow does not make, for the indexer's end-to-end test: an airdrop claim, a
 * license paid in ETH (its buy-back share escrowed) and the DAO actions that grant from the ecosystem fund and sweep
 * the airdrop once its window closed.
 */

/** Claims the deployment's first airdrop entry (anyone may submit a claim; the tokens go to the listed account). */
export async function claimAirdrop(connection: NetworkConnection<string>, d: Deployment): Promise<{ account: Address; amount: bigint }> {
  const { viem } = connection;
  const entry = d.airdrop.claims[0]!;
  const airdrop = await viem.getContractAt("MerkleAirdrop", d.contracts.MerkleAirdrop);
  await waitForSuccess(await viem.getPublicClient(), airdrop.write.claim([entry.account, entry.amount, entry.proof]));
  return { account: entry.account, amount: entry.amount };
}

/** Buys a worker license in ETH (10% over the quote; the excess is refunded): part of the payment goes to the buy-back escrow. */
export async function buyLicenseWithEth(connection: NetworkConnection<string>, d: Deployment, buyerIndex: number): Promise<void> {
  const { viem } = connection;
  await ageOracles(connection, d); // the ETH price source answers only when fresh
  const wallet = (await viem.getWalletClients())[buyerIndex]!;
  const license = await viem.getContractAt("NodeLicense", d.contracts.NodeLicense, { client: { wallet } });
  const [, , , weiAmount] = await license.read.quote([0, false]);
  if (weiAmount === 0n) throw new Error("the ETH price source gave no quote");
  await waitForSuccess(await viem.getPublicClient(), license.write.buy([0, true], { value: (weiAmount * 11n) / 10n }));
}

/** A DAO grant from the ecosystem fund (channel 2), as a proposal action. */
export function grantAction(d: Deployment, to: Address, amount: bigint, memo: string): ProposalAction {
  const calldata = encodeFunctionData({ abi: ecosystemFundAbi, functionName: "grant", args: [to, amount, toHex(memo, { size: 32 }) as Hex] });
  return { target: d.contracts.EcosystemFund, value: 0n, calldata };
}

/** The DAO sweeping the unclaimed airdrop after its deadline, as a proposal action. */
export function sweepAirdropAction(d: Deployment, to: Address): ProposalAction {
  return { target: d.contracts.MerkleAirdrop, value: 0n, calldata: encodeFunctionData({ abi: merkleAirdropAbi, functionName: "sweep", args: [to] }) };
}
