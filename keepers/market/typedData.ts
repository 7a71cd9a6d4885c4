import { parseSignature, signatureToCompactSignature, type Address, type Hex } from "viem";

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

/**
 * EIP-712 types of a committee's settlement verdict (`MarketHashing.SETTLEMENT_TYPEHASH`). Entries are packed words
 * (see `packWorker` and `packRejection`).
 */
export const settlementTypes = {
  Settlement: [
    { name: "jobId", type: "bytes32" },
    { name: "settlementIndex", type: "uint256" },
    { name: "outcomesRoot", type: "bytes32" },
    { name: "workers", type: "uint256[]" },
    { name: "rejected", type: "uint256[]" },
  ],
} as const;

/**
 * EIP-712 types of a worker's signed result (`MarketHashing.TASK_RESULT_TYPEHASH`): the worker's proof that it took
 * this task of this job, checked by the committee and, for a rejection, by the market.
 */
export const taskResultTypes = {
  TaskResult: [
    { name: "jobId", type: "bytes32" },
    { name: "taskIndex", type: "uint32" },
    { name: "resultCid", type: "bytes32" },
  ],
} as const;

/** The EIP-712 message a worker signs for its result of task `taskIndex` of `jobId` (`resultWord`: `cidToWord`). */
export function taskResultTypedData(chainId: number, market: Address, jobId: Hex, taskIndex: number, resultWord: Hex) {
  return { domain: marketDomain(chainId, market), types: taskResultTypes, primaryType: "TaskResult", message: { jobId, taskIndex, resultCid: resultWord } } as const;
}

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

/** A settlement as signed and submitted: `workers` and `rejected` hold packed entries. */
export interface Settlement {
  outcomesRoot: Hex;
  workers: bigint[];
  rejected: bigint[];
}

const U128 = (1n << 128n) - 1n;
const U32 = (1n << 32n) - 1n;

/** A worker's accepted work as one word: `licenseId << 128 | workWad` (`SettlementCodec.packWorker`). */
export function packWorker(licenseId: bigint, workWad: bigint): bigint {
  if (licenseId < 0n || licenseId > U128 || workWad < 0n || workWad > U128) {
    throw new RangeError(`worker entry out of range: license ${licenseId}, work ${workWad}`);
  }
  return (licenseId << 128n) | workWad;
}

export function unpackWorker(entry: bigint): { licenseId: bigint; workWad: bigint } {
  return { licenseId: entry >> 128n, workWad: entry & U128 };
}

/** A rejected task as one word: `licenseId << 32 | taskIndex` (`SettlementCodec.packRejection`). */
export function packRejection(licenseId: bigint, taskIndex: number): bigint {
  if (licenseId < 0n || licenseId > (1n << 224n) - 1n || !Number.isInteger(taskIndex) || taskIndex < 0 || BigInt(taskIndex) > U32) {
    throw new RangeError(`rejection entry out of range: license ${licenseId}, task ${taskIndex}`);
  }
  return (licenseId << 32n) | BigInt(taskIndex);
}

export function unpackRejection(entry: bigint): { licenseId: bigint; taskIndex: number } {
  return { licenseId: entry >> 32n, taskIndex: Number(entry & U32) };
}

/** W x P in ifxDollar, rounded up as the market requires (WP eq. 17). */
export function feeOf(workWad: bigint, pricePerIbmWad: bigint): bigint {
  const WAD = 10n ** 18n;
  return (workWad * pricePerIbmWad + WAD - 1n) / WAD;
}

/** A 65-byte signature as the two words of EIP-2098 (`r`, `yParityAndS`) that `IJobMarket.Signatures` carries. */
export function toCompactWords(signature: Hex): [Hex, Hex] {
  const { r, yParityAndS } = signatureToCompactSignature(parseSignature(signature));
  return [r, yParityAndS];
}

/** The EIP-712 message a committee member signs for settlement `settlementIndex` of `jobId`. */
export function settlementTypedData(chainId: number, market: Address, jobId: Hex, settlementIndex: bigint, settlement: Settlement) {
  return { domain: marketDomain(chainId, market), types: settlementTypes, primaryType: "Settlement", message: { jobId, settlementIndex, ...settlement } } as const;
}

/**
 * `IJobMarket.Signatures` from the seats that signed: a bit per seat, and the compact signatures in ascending seat
 * order (the order the market reads them in).
 */
export function committeeSignatures(signed: readonly { seat: number; signature: Hex }[]): { seats: bigint; compact: Hex[] } {
  const sorted = [...signed].sort((a, b) => a.seat - b.seat);
  return { seats: sorted.reduce((bits, s) => bits | (1n << BigInt(s.seat)), 0n), compact: sorted.flatMap((s) => toCompactWords(s.signature)) };
}
