/** Role numbers as the contracts use them (`INodeLicense.Kind`, `EpochRewards` roles). */
export const WORKER = 0;
export const VERIFIER = 1;
export const MANAGER = 2;

const BPS = 10_000n;

/** floor(a x b / c), as OpenZeppelin's `Math.mulDiv` rounds down; 0 when c is 0. */
export function mulDiv(a: bigint, b: bigint, c: bigint): bigint {
  return c === 0n ? 0n : (a * b) / c;
}

export interface EpochPools {
  workersPoolIfx: bigint;
  /** The verifiers' minted pool plus the penalties released into the epoch. */
  verifiersPoolIfx: bigint;
  managersPoolIfx: bigint;
}

/** The role pools of a closed epoch, rounded as `EpochRewards._share` rounds them. */
export function epochPools(mintedIfx: bigint, penaltyIfx: bigint, split: { workersBps: number; verifiersBps: number; managersBps: number }): EpochPools {
  return {
    workersPoolIfx: (mintedIfx * BigInt(split.workersBps)) / BPS,
    verifiersPoolIfx: (mintedIfx * BigInt(split.verifiersBps)) / BPS + penaltyIfx,
    managersPoolIfx: (mintedIfx * BigInt(split.managersBps)) / BPS,
  };
}

/** A node's share of its role's pool: its work over the role's work, rounded down (`EpochRewards._share`). */
export function shareOf(role: number, workWad: bigint, pools: EpochPools, work: { paidWorkWad: bigint; verifierWorkWad: bigint; managerWorkWad: bigint }): bigint {
  if (role === VERIFIER) return mulDiv(workWad, pools.verifiersPoolIfx, work.verifierWorkWad);
  if (role === WORKER) return mulDiv(workWad, pools.workersPoolIfx, work.paidWorkWad);
  return mulDiv(workWad, pools.managersPoolIfx, work.managerWorkWad);
}
