import {
  BaseError, encodeFunctionData, nonceManager, WaitForTransactionReceiptTimeoutError,
  type Abi, type Account, type Address, type Chain, type ContractFunctionArgs, type ContractFunctionName, type Hash, type PublicClient,
  type TransactionReceipt, type Transport, type WalletClient,
} from "viem";
import { allAbis } from "./abis.generated.js";
import { decodeRevert, type DecodedRevert } from "./decodeRevert.js";

export type WriteStage = "simulate" | "send" | "receipt";

/**
 * A contract write that did not succeed. `revert` is the decoded custom error (from the simulation, or from replaying a
 * mined transaction that reverted) and the message is that error with its values; `retryable` says whether sending
 * again may help (a stuck or unsent transaction) or not (a revert: the same call fails the same way).
 */
export class ContractWriteError extends Error {
  override readonly name = "ContractWriteError";
  constructor(
    readonly call: string,
    readonly stage: WriteStage,
    readonly revert: DecodedRevert | undefined,
    message: string,
    readonly retryable: boolean,
    readonly hash?: Hash,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface WriteClients {
  publicClient: PublicClient<Transport, Chain>;
  wallet: WalletClient<Transport, Chain, Account>;
  receiptTimeoutMs: number;
}

export interface ContractWrite<abi extends Abi, functionName extends ContractFunctionName<abi, "nonpayable" | "payable">> {
  address: Address;
  abi: abi;
  functionName: functionName;
  args: ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>;
  value?: bigint;
  /** How the call is named in errors, e.g. "NodeStaking.stake" (default: the function's name). */
  label?: string;
}

export interface WriteResult {
  hash: Hash;
  receipt: TransactionReceipt;
}

/** One line from any failure: viem's short message, never its multi-line dump of the request. */
function shortMessage(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage;
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}

function failure(label: string, stage: WriteStage, error: unknown, hash?: Hash): ContractWriteError {
  const revert = decodeRevert(error, allAbis);
  if (revert) return new ContractWriteError(label, stage, revert, `${label} reverted: ${revert.message}`, false, hash, { cause: error });
  return new ContractWriteError(label, stage, undefined, `${label} failed: ${shortMessage(error)}`, stage !== "simulate", hash, { cause: error });
}

/**
 * Every write of the keepers and the CLI (STYLE 13): simulated first against the latest state (a revert is reported
 * with its decoded custom error before anything is signed), sent from the wallet's account with its local nonce,
 * then its receipt awaited with a timeout. A transaction mined but reverted (the state moved between simulation and
 * inclusion) is replayed at its block to name the error.
 */
export async function sendContractWrite<const abi extends Abi, functionName extends ContractFunctionName<abi, "nonpayable" | "payable">>(
  clients: WriteClients,
  write: ContractWrite<abi, functionName>,
): Promise<WriteResult> {
  // Past the typed signature, the call is handled as plain ABI data: viem's generics add nothing inside.
  const call = write as unknown as { address: Address; abi: Abi; functionName: string; args: readonly unknown[]; value?: bigint; label?: string };
  const label = call.label ?? call.functionName;
  const account = clients.wallet.account;
  let request;
  try {
    ({ request } = await clients.publicClient.simulateContract({ address: call.address, abi: call.abi, functionName: call.functionName, args: call.args, account, ...(call.value !== undefined ? { value: call.value } : {}) }));
  } catch (error) {
    throw failure(label, "simulate", error);
  }
  let hash: Hash;
  try {
    hash = await clients.wallet.writeContract(request);
  } catch (error) {
    // The nonce was taken from the local counter but no transaction used it: read it from the chain again.
    nonceManager.reset({ address: account.address, chainId: clients.wallet.chain.id });
    throw failure(label, "send", error);
  }
  let receipt: TransactionReceipt;
  try {
    receipt = await clients.publicClient.waitForTransactionReceipt({ hash, timeout: clients.receiptTimeoutMs });
  } catch (error) {
    const stuck = error instanceof WaitForTransactionReceiptTimeoutError;
    const message = stuck ? `${label}: no receipt for ${hash} within ${clients.receiptTimeoutMs / 1000} s (it may still be mined)` : `${label}: ${shortMessage(error)}`;
    throw new ContractWriteError(label, "receipt", undefined, message, true, hash, { cause: error });
  }
  if (receipt.status !== "success") {
    const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args });
    const replay = await clients.publicClient.call({ account, to: call.address, data, blockNumber: receipt.blockNumber, ...(call.value !== undefined ? { value: call.value } : {}) }).then(() => undefined, (error: unknown) => error);
    const revert = replay === undefined ? undefined : decodeRevert(replay, allAbis);
    throw new ContractWriteError(label, "receipt", revert, `${label} reverted in ${hash}${revert ? `: ${revert.message}` : ""}`, false, hash);
  }
  return { hash, receipt };
}
