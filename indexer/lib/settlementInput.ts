import { decodeFunctionData, encodePacked, keccak256, type Hex } from "viem";
import { jobMarketAbi } from "../../keepers/chain/abis.generated.js";

export interface SettledWork {
  /** Each paid worker's accepted work (WAD-IBM), in the settlement's order. */
  workers: { licenseId: bigint; workWad: bigint }[];
  /** The committee members whose seat bit is set in `signedSeats`: each is credited the settlement's total work. */
  signers: bigint[];
}

const LOW_128 = (1n << 128n) - 1n;

/**
 * Who a settlement paid, read from the `settle` call's input (`JobSettled` does not repeat the per-worker words, see
 * `IJobMarket`), and checked against the `workersHash` the committee signed. Returns undefined when the transaction is
 * not a direct `settle` call of this job (a settlement through another contract needs its call trace: not read yet).
 */
export function decodeSettledWork(input: Hex, jobId: Hex, workersHash: Hex, signedSeats: bigint): SettledWork | undefined {
  let call;
  try {
    call = decodeFunctionData({ abi: jobMarketAbi, data: input });
  } catch {
    return undefined;
  }
  if (call.functionName !== "settle") return undefined;
  const [callJobId, settlement, committee] = call.args;
  if (callJobId.toLowerCase() !== jobId.toLowerCase()) return undefined;
  if (keccak256(encodePacked(["uint256[]"], [settlement.workers])) !== workersHash) return undefined;
  const workers = settlement.workers.map((entry) => ({ licenseId: entry >> 128n, workWad: entry & LOW_128 }));
  const signers = committee.filter((_seat, i) => ((signedSeats >> BigInt(i)) & 1n) === 1n).map((seat) => seat.verifierId);
  return { workers, signers };
}
