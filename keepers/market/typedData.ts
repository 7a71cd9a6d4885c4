import type { Address, Hex } from "viem";

/** The EIP-712 domain of the job market (as `JobMarket`'s constructor sets it). */
export function marketDomain(chainId: number, market: Address) {
  return { name: "Inferix JobMarket", version: "1", chainId, verifyingContract: market } as const;
}

/** EIP-712 types of a manager's quote (`MarketHashing.QUOTE_TYPEHASH`). */
export const quoteTypes = {
  Quote: [
    { name: "jobId", type: "bytes32" },
    { name: "artist", type: "address" },
    { name: "sceneCid", type: "bytes32" },
    { name: "frameStart", type: "uint32" },
    { name: "frameEnd", type: "uint32" },
    { name: "taskCount", type: "uint32" },
    { name: "workWad", type: "uint128" },
    { name: "pricePerIbmWad", type: "uint128" },
    { name: "fee", type: "uint128" },
    { name: "ibFloorWad", type: "uint128" },
    { name: "keysCommitment", type: "bytes32" },
    { name: "expiry", type: "uint64" },
    { name: "deadline", type: "uint64" },
    { name: "managerId", type: "uint256" },
  ],
} as const;

/** EIP-712 types of a committee's settlement verdict (`MarketHashing.SETTLEMENT_TYPEHASH`). */
export const settlementTypes = {
  Settlement: [
    { name: "jobId", type: "bytes32" },
    { name: "settlementIndex", type: "uint256" },
    { name: "outcomesRoot", type: "bytes32" },
    { name: "workers", type: "WorkerWork[]" },
    { name: "rejected", type: "Rejection[]" },
  ],
  WorkerWork: [
    { name: "licenseId", type: "uint256" },
    { name: "workWad", type: "uint128" },
  ],
  Rejection: [
    { name: "licenseId", type: "uint256" },
    { name: "taskIndex", type: "uint32" },
  ],
} as const;

export interface Quote {
  jobId: Hex;
  artist: Address;
  sceneCid: Hex;
  frameStart: number;
  frameEnd: number;
  taskCount: number;
  workWad: bigint;
  pricePerIbmWad: bigint;
  fee: bigint;
  ibFloorWad: bigint;
  keysCommitment: Hex;
  expiry: bigint;
  deadline: bigint;
  managerId: bigint;
}

/** A committee seat as drawn: the verifier and the operator key it signs with. */
export interface Seat {
  verifierId: bigint;
  operator: Address;
}

export interface Settlement {
  outcomesRoot: Hex;
  workers: { licenseId: bigint; workWad: bigint }[];
  rejected: { licenseId: bigint; taskIndex: number }[];
}

/** W x P in ifxDollar, rounded up as the market requires (WP eq. 17). */
export function feeOf(workWad: bigint, pricePerIbmWad: bigint): bigint {
  const WAD = 10n ** 18n;
  return (workWad * pricePerIbmWad + WAD - 1n) / WAD;
}
