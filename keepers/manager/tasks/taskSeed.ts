import { concat, hexToNumber, keccak256, slice, toHex, type Hex } from "viem";

/**
 * The render seed of a task: the first four bytes of keccak256(jobId, taskIndex). Fixed by the job, so a worker's
 * render is reproducible and a verifier's spot re-render of a crop must match it (DESIGN "Two proofs").
 */
export function taskSeed(jobId: string, taskIndex: number): number {
  return hexToNumber(slice(keccak256(concat([jobId as Hex, toHex(taskIndex, { size: 4 })])), 0, 4));
}
