import type { Hash, PublicClient, TransactionReceipt } from "viem";

export class TransactionRevertedError extends Error {
  override readonly name = "TransactionRevertedError";
  constructor(readonly hash: Hash) {
    super(`transaction ${hash} reverted`);
  }
}

/**
 * Waits for a sent transaction's receipt (with a timeout, so a stuck transaction is an error rather than a hang) and
 * fails if it reverted: every write of the deploy module, the scripts and the keepers goes through here.
 */
export async function waitForSuccess(
  publicClient: Pick<PublicClient, "waitForTransactionReceipt">,
  pending: Hash | Promise<Hash>,
  timeoutMs = 120_000,
): Promise<TransactionReceipt> {
  const hash = await pending;
  const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: timeoutMs });
  if (receipt.status !== "success") throw new TransactionRevertedError(hash);
  return receipt;
}
