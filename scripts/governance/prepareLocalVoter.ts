import type { NetworkConnection } from "hardhat/types/network";
import { getAddress, type Address, type TransactionReceipt } from "viem";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";

const MONTH_SECONDS = Math.floor((365 * 86_400) / 12);
/** The public-sale tranche is fully vested 3 + 4 months after TGE (WP Table II). */
export const PUBLIC_SALE_FULLY_VESTED_SECONDS = 7 * MONTH_SECONDS;

export interface LocalVoter {
  voter: Address;
  receipts: { release: TransactionReceipt; delegate: TransactionReceipt };
}

/**
 * On a local chain, gives the DAO a voter with enough votes for quorum on its own: moves time to when the public-sale
 * tranche (30,000,000 IFX) is fully vested, releases it to its holder and delegates the holder's votes to itself: the
 * majority of the supply that can vote then (the quorum is 4% of it). For the demo, tests and benchmarks.
 */
export async function prepareLocalVoter(connection: NetworkConnection<string>, deployment: Deployment): Promise<LocalVoter> {
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const tge = await viem.getContractAt("TokenGenerationEvent", deployment.contracts.TokenGenerationEvent);
  const executedAt = await tge.read.executedAt();
  if (executedAt === 0n) throw new Error("the TGE has not run: nobody holds votes yet");
  const now = BigInt(await networkHelpers.time.latest());
  const vestedAt = executedAt + BigInt(PUBLIC_SALE_FULLY_VESTED_SECONDS);
  if (now < vestedAt) await networkHelpers.time.increaseTo(vestedAt);

  const voter = getAddress(deployment.tge.holders.publicSale!);
  const wallet = await viem.getWalletClient(voter);
  const vestingWallet = await tge.read.recipientOf([3n]);
  const vesting = await viem.getContractAt("TrancheVestingWallet", vestingWallet, { client: { wallet } });
  const release = await waitForSuccess(publicClient, vesting.write.release([deployment.contracts.IFXToken]));
  const token = await viem.getContractAt("IFXToken", deployment.contracts.IFXToken, { client: { wallet } });
  const delegate = await waitForSuccess(publicClient, token.write.delegate([voter]));
  return { voter, receipts: { release, delegate } };
}
