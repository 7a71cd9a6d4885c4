import { recoverTypedDataAddress, type Address, type Hex, type LocalAccount } from "viem";
import { cidToWord } from "./cidWord.js";
import { taskResultTypedData } from "./typedData.js";

/** Where a result signature is valid: the chain and the JobMarket whose EIP-712 domain it is signed in. */
export interface ResultDomain {
  chainId: number;
  market: Address;
}

/** A worker's result of one task, as it signs it. */
export interface TaskResult {
  jobId: Hex;
  taskIndex: number;
  resultCid: string;
}

/** The worker's signature over its result (EIP-712 `TaskResult`), with its operator key. */
export function signTaskResult(operator: LocalAccount, domain: ResultDomain, r: TaskResult): Promise<Hex> {
  return operator.signTypedData(taskResultTypedData(domain.chainId, domain.market, r.jobId, r.taskIndex, cidToWord(r.resultCid)));
}

/** Who signed a task result, or null when the signature is malformed (never throws on input from outside). */
export async function taskResultSigner(domain: ResultDomain, r: TaskResult, signature: string): Promise<Address | null> {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return null;
  try {
    return await recoverTypedDataAddress({ ...taskResultTypedData(domain.chainId, domain.market, r.jobId, r.taskIndex, cidToWord(r.resultCid)), signature: signature as Hex });
  } catch {
    return null;
  }
}
