import { index, onchainTable } from "ponder";

/*
 * The protocol's state as people and daemons ask about it. Tables are snake_case (Ponder turns the camelCase keys
 * below into snake_case columns); rows that record one event are keyed by Ponder's `event.id` (unique and ordered
 * across the chain), aggregates by their natural key and written as upserts (STYLE 15). Amounts are bigint
 * (numeric(78) in SQL): IFX and ifxDollar in WAD, work in WAD-IBM, prices in WAD, shares in basis points.
 */

// ------------------------------------------------------------------ licenses and nodes

/** One node license (ERC-721): what was paid for it and who holds it now. `kind`: 0 worker, 1 verifier, 2 manager. */
export const license = onchainTable("license", (t) => ({
  id: t.bigint().primaryKey(),
  kind: t.integer().notNull(),
  tier: t.bigint().notNull(),
  usdPriceWad: t.bigint().notNull(),
  payToken: t.hex().notNull(),
  amountPaid: t.bigint().notNull(),
  escrowedWei: t.bigint().notNull(),
  whitelisted: t.boolean().notNull(),
  buyer: t.hex().notNull(),
  holder: t.hex().notNull(),
  boughtBack: t.boolean().notNull().default(false),
  purchasedBlock: t.bigint().notNull(),
  purchasedAt: t.bigint().notNull(),
}), (table) => ({ holderIndex: index().on(table.holder) }));

/** A registered node (keyed by its license id): the registry's record, its stake and its standing. */
export const node = onchainTable("node", (t) => ({
  id: t.bigint().primaryKey(),
  /** The license holder (`NodeRegistry.ownerOf`): the registering owner, then whoever the license is transferred to. */
  owner: t.hex().notNull(),
  role: t.integer().notNull(),
  operator: t.hex().notNull(),
  encryptionKey: t.hex().notNull(),
  pricePerIbmWad: t.bigint().notNull(),
  metadataUri: t.text().notNull(),
  ibWad: t.bigint().notNull(),
  active: t.boolean().notNull(),
  blacklisted: t.boolean().notNull(),
  blacklistedByDao: t.boolean().notNull(),
  retired: t.boolean().notNull(),
  stake: t.bigint().notNull(),
  unbonding: t.bigint().notNull(),
  slashedTotal: t.bigint().notNull(),
  activeEpochs: t.bigint().notNull(),
  lastParticipatedEpoch: t.bigint(),
  rejections: t.bigint().notNull(),
  registeredEpoch: t.bigint().notNull(),
  registeredAt: t.bigint().notNull(),
}), (table) => ({ ownerIndex: index().on(table.owner), operatorIndex: index().on(table.operator) }));

/** A node's IB history: every benchmark or report that moved it. */
export const ibUpdate = onchainTable("ib_update", (t) => ({
  id: t.text().primaryKey(),
  nodeId: t.bigint().notNull(),
  sceneId: t.hex().notNull(),
  frameTimeMs: t.bigint().notNull(),
  requestedIbWad: t.bigint().notNull(),
  ibWad: t.bigint().notNull(),
  epoch: t.bigint().notNull(),
  reporter: t.hex().notNull(),
  block: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
}), (table) => ({ nodeIndex: index().on(table.nodeId) }));

/** Stake movements: `kind` is staked, unstake_requested or withdrawn. */
export const stakeChange = onchainTable("stake_change", (t) => ({
  id: t.text().primaryKey(),
  nodeId: t.bigint().notNull(),
  kind: t.text().notNull(),
  account: t.hex().notNull(),
  amount: t.bigint().notNull(),
  stake: t.bigint(),
  unbonding: t.bigint(),
  releaseAt: t.bigint(),
  block: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
}), (table) => ({ nodeIndex: index().on(table.nodeId) }));

/** A slash of a node's stake (a rejected task); the slashed IFX waits in the penalty pool. */
export const slash = onchainTable("slash", (t) => ({
  id: t.text().primaryKey(),
  nodeId: t.bigint().notNull(),
  amount: t.bigint().notNull(),
  stake: t.bigint().notNull(),
  unbonding: t.bigint().notNull(),
  epoch: t.bigint().notNull(),
  block: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
}), (table) => ({ nodeIndex: index().on(table.nodeId) }));

/** The penalty pool (one row, id "pool"): slashed IFX received, released to epochs' verifiers, and pending. */
export const penaltyPool = onchainTable("penalty_pool", (t) => ({
  id: t.text().primaryKey(),
  received: t.bigint().notNull(),
  released: t.bigint().notNull(),
  pending: t.bigint().notNull(),
}));

// ------------------------------------------------------------------ jobs

/** A job: its signed quote, escrow, committee and what its settlements paid. `status` follows `IJobMarket.Status`. */
export const job = onchainTable("job", (t) => ({
  id: t.hex().primaryKey(),
  artist: t.hex().notNull(),
  managerId: t.bigint().notNull(),
  sceneCid: t.hex().notNull(),
  frameStart: t.integer().notNull(),
  frameEnd: t.integer().notNull(),
  taskCount: t.integer().notNull(),
  workWad: t.bigint().notNull(),
  pricePerIbmWad: t.bigint().notNull(),
  /** The fee escrowed at creation (ifxDollar, WAD). */
  escrow: t.bigint().notNull(),
  ibFloorWad: t.bigint().notNull(),
  keysCommitment: t.hex().notNull(),
  expiry: t.bigint().notNull(),
  deadline: t.bigint().notNull(),
  seedBlock: t.bigint().notNull(),
  status: t.integer().notNull(),
  committee: t.json().$type<{ verifierId: string; operator: string }[]>(),
  committeeHash: t.hex(),
  settlements: t.integer().notNull(),
  paidWorkWad: t.bigint().notNull(),
  feesSettled: t.bigint().notNull(),
  feesReleased: t.bigint().notNull(),
  refunded: t.bigint().notNull(),
  openDisputes: t.integer().notNull(),
  createdBlock: t.bigint().notNull(),
  createdAt: t.bigint().notNull(),
}), (table) => ({ artistIndex: index().on(table.artist), managerIndex: index().on(table.managerId) }));

/** One settlement of a job (id `<jobId>-<index>`): its task-outcome root (the job's per-settlement task root). */
export const settlement = onchainTable("settlement", (t) => ({
  id: t.text().primaryKey(),
  jobId: t.hex().notNull(),
  index: t.integer().notNull(),
  outcomesRoot: t.hex().notNull(),
  workersHash: t.hex().notNull(),
  paidWorkWad: t.bigint().notNull(),
  fee: t.bigint().notNull(),
  signedSeats: t.bigint().notNull(),
  completed: t.boolean().notNull(),
  epoch: t.bigint().notNull(),
  /** False when the settlement came through another contract: its per-node work needs the call trace (not read yet). */
  workersKnown: t.boolean().notNull(),
  /** `licenseId`/`workWad` per paid worker, from the `settle` input (checked against `workersHash`). */
  workers: t.json().$type<{ licenseId: string; workWad: string }[]>().notNull(),
  signers: t.json().$type<string[]>().notNull(),
  block: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
}), (table) => ({ jobIndex: index().on(table.jobId) }));

/** A dispute of one task of a settlement (id `<jobId>-<settlement>-<task>`). */
export const dispute = onchainTable("dispute", (t) => ({
  id: t.text().primaryKey(),
  jobId: t.hex().notNull(),
  settlementIndex: t.integer().notNull(),
  taskIndex: t.integer().notNull(),
  workerId: t.bigint().notNull(),
  /** The disputed task's work (WAD IBM), the bond posted and the fee held back while it is open. */
  workWad: t.bigint().notNull(),
  bond: t.bigint().notNull(),
  heldFee: t.bigint().notNull(),
  resolved: t.boolean().notNull(),
  upheld: t.boolean(),
  refunded: t.bigint(),
  bondReturned: t.bigint(),
  /** Nobody ruled (`JobDisputes.finalize` without a ruling): the bond went back, the held fee was spent. */
  lapsed: t.boolean(),
  /** The fresh panel's ruling ("upheld" or "dismissed"), when a strict majority of it voted so, and when. */
  panelRuling: t.text(),
  ruledAt: t.bigint(),
  /** The losing side took the panel's ruling to the DAO. */
  appealed: t.boolean().notNull(),
  /** The DAO ruled (the last appeal), rather than the panel's ruling or a lapse ending it. */
  byDao: t.boolean(),
  openedAt: t.bigint().notNull(),
  resolvedAt: t.bigint(),
}), (table) => ({ jobIndex: index().on(table.jobId) }));

// ------------------------------------------------------------------ epochs, rewards, burns

/**
 * An epoch: W (paid work), T (minted), IBME, the role pools and the DAO's part once closed; the fees its
 * settlements carried and the IFX burned by buy-backs made in it.
 */
export const epoch = onchainTable("epoch", (t) => ({
  id: t.bigint().primaryKey(),
  startedAt: t.bigint(),
  lengthSeconds: t.bigint(),
  closed: t.boolean().notNull(),
  paidIbmWad: t.bigint().notNull(),
  apparentIbmWad: t.bigint(),
  verifierWorkWad: t.bigint(),
  managerWorkWad: t.bigint(),
  ibmeBps: t.bigint(),
  emissionIfx: t.bigint(),
  mintedIfx: t.bigint(),
  workersPoolIfx: t.bigint(),
  verifiersPoolIfx: t.bigint(),
  managersPoolIfx: t.bigint(),
  penaltyIfx: t.bigint(),
  toDaoIfx: t.bigint(),
  feesSettled: t.bigint().notNull(),
  burnedIfx: t.bigint().notNull(),
  settlements: t.integer().notNull(),
  closedBlock: t.bigint(),
}));

/** A node's work in one epoch (id `<licenseId>-<epoch>`) and, once the epoch is closed, the IFX it earned. */
export const nodeEpoch = onchainTable("node_epoch", (t) => ({
  id: t.text().primaryKey(),
  nodeId: t.bigint().notNull(),
  epoch: t.bigint().notNull(),
  role: t.integer().notNull(),
  workWad: t.bigint().notNull(),
  forfeited: t.boolean().notNull(),
  earnedIfx: t.bigint(),
}), (table) => ({ nodeIndex: index().on(table.nodeId), epochIndex: index().on(table.epoch) }));

/** A reward claim by a license holder. */
export const claim = onchainTable("claim", (t) => ({
  id: t.text().primaryKey(),
  nodeId: t.bigint().notNull(),
  to: t.hex().notNull(),
  amount: t.bigint().notNull(),
  block: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
}), (table) => ({ nodeIndex: index().on(table.nodeId) }));

/** A payment of closed epochs' DAO share to the treasury. */
export const daoPayment = onchainTable("dao_payment", (t) => ({
  id: t.text().primaryKey(),
  treasury: t.hex().notNull(),
  amount: t.bigint().notNull(),
  block: t.bigint().notNull(),
}));

/** A buy-and-burn: stablecoin in, IFX bought on the DEX and burned. */
export const burn = onchainTable("burn", (t) => ({
  id: t.text().primaryKey(),
  epoch: t.bigint().notNull(),
  stableIn: t.bigint().notNull(),
  ifxBurned: t.bigint().notNull(),
  minIfxOut: t.bigint().notNull(),
  twapPriceWad: t.bigint().notNull(),
  block: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
}));

/** A license sold back under the guaranteed buy-back (`option` 0 IFX vesting, 1 ETH), and vested IFX claimed. */
export const buybackClaim = onchainTable("buyback_claim", (t) => ({
  id: t.text().primaryKey(),
  kind: t.text().notNull(),
  licenseId: t.bigint().notNull(),
  account: t.hex().notNull(),
  option: t.integer(),
  usdPriceWad: t.bigint(),
  ifxAmount: t.bigint().notNull(),
  ethAmount: t.bigint(),
  participationBps: t.bigint(),
  block: t.bigint().notNull(),
}));

// ------------------------------------------------------------------ governance

/** A DAO proposal, its tallies (`support`: 0 against, 1 for, 2 abstain) and where it is. */
export const proposal = onchainTable("proposal", (t) => ({
  id: t.bigint().primaryKey(),
  proposer: t.hex().notNull(),
  targets: t.json().$type<string[]>().notNull(),
  values: t.json().$type<string[]>().notNull(),
  calldatas: t.json().$type<string[]>().notNull(),
  description: t.text().notNull(),
  voteStart: t.bigint().notNull(),
  voteEnd: t.bigint().notNull(),
  state: t.text().notNull(),
  etaSeconds: t.bigint(),
  forVotes: t.bigint().notNull(),
  againstVotes: t.bigint().notNull(),
  abstainVotes: t.bigint().notNull(),
  createdBlock: t.bigint().notNull(),
}));

export const vote = onchainTable("vote", (t) => ({
  id: t.text().primaryKey(),
  proposalId: t.bigint().notNull(),
  voter: t.hex().notNull(),
  support: t.integer().notNull(),
  weight: t.bigint().notNull(),
  reason: t.text().notNull(),
  block: t.bigint().notNull(),
}), (table) => ({ proposalIndex: index().on(table.proposalId) }));

/** A governed parameter (keyed by its registry key) and its current value. */
export const parameter = onchainTable("parameter", (t) => ({
  id: t.hex().primaryKey(),
  name: t.text().notNull(),
  value: t.bigint().notNull(),
  min: t.bigint().notNull(),
  max: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

export const parameterChange = onchainTable("parameter_change", (t) => ({
  id: t.text().primaryKey(),
  key: t.hex().notNull(),
  name: t.text().notNull(),
  oldValue: t.bigint().notNull(),
  newValue: t.bigint().notNull(),
  block: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
}), (table) => ({ keyIndex: index().on(table.key) }));

// ------------------------------------------------------------------ the IFX token

/** IFX supply (one row, id "IFX"): minted, burned, and what is left. */
export const tokenSupply = onchainTable("token_supply", (t) => ({
  id: t.text().primaryKey(),
  totalSupply: t.bigint().notNull(),
  minted: t.bigint().notNull(),
  burned: t.bigint().notNull(),
}));

export const tokenHolder = onchainTable("token_holder", (t) => ({
  id: t.hex().primaryKey(),
  balance: t.bigint().notNull(),
  delegate: t.hex(),
  votes: t.bigint().notNull(),
}), (table) => ({ balanceIndex: index().on(table.balance) }));

// ------------------------------------------------------------------ licenses' tiers, IB reference times, ifxDollar

/** A license tier (NodeLicense `TierAdded`): how many licenses of a kind it sells, at what USD price (WP §V-B). */
export const licenseTier = onchainTable("license_tier", (t) => ({
  /** `<kind>:<index>`. */
  id: t.text().primaryKey(),
  kind: t.integer().notNull(),
  index: t.integer().notNull(),
  size: t.bigint().notNull(),
  usdPriceWad: t.bigint().notNull(),
  block: t.bigint().notNull(),
}));

/** An IB sample scene's reference time T_G^0 (ParameterRegistry, governed by the DAO; WP eq. 19). Removed scenes stay, flagged. */
export const referenceTime = onchainTable("reference_time", (t) => ({
  /** The scene id (keccak256 of its name). */
  id: t.hex().primaryKey(),
  timeMs: t.bigint().notNull(),
  removed: t.boolean().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

/** An account's ifxDollar (IFXDollar): its balance and what flowed through it. */
export const creditAccount = onchainTable("credit_account", (t) => ({
  id: t.hex().primaryKey(),
  balance: t.bigint().notNull(),
  toppedUp: t.bigint().notNull(),
  spent: t.bigint().notNull(),
  refunded: t.bigint().notNull(),
}));

/** ifxDollar totals (one row, id "IFXD"): supply, credits spent on work, stablecoin sent to the burn and the foundation. */
export const creditTotals = onchainTable("credit_totals", (t) => ({
  id: t.text().primaryKey(),
  totalSupply: t.bigint().notNull(),
  toppedUp: t.bigint().notNull(),
  spent: t.bigint().notNull(),
  refunded: t.bigint().notNull(),
  toBurnStable: t.bigint().notNull(),
  toFoundationStable: t.bigint().notNull(),
}));

// ------------------------------------------------------------------ TGE, vesting, airdrop, ecosystem fund

/** The TGE (one row, id "TGE"): when it ran and the supply it minted (`TgeExecuted`). */
export const tge = onchainTable("tge", (t) => ({
  id: t.text().primaryKey(),
  executedAt: t.bigint().notNull(),
  totalMinted: t.bigint().notNull(),
  block: t.bigint().notNull(),
}));

/** One tranche of the TGE's allocation table (WP Table II), keyed by its index; `recipient` is its vesting wallet when locked. */
export const tgeAllocation = onchainTable("tge_allocation", (t) => ({
  id: t.integer().primaryKey(),
  /** The bytes32 name and its ASCII label. */
  name: t.hex().notNull(),
  label: t.text().notNull(),
  holder: t.hex().notNull(),
  recipient: t.hex().notNull(),
  amount: t.bigint().notNull(),
  tgeUnlockBps: t.integer().notNull(),
  cliffSeconds: t.bigint().notNull(),
  linearSeconds: t.bigint().notNull(),
  block: t.bigint().notNull(),
}));

/** A tranche's vesting wallet (keyed by its address, created by the TGE): its beneficiary (the owner) and the IFX released so far. */
export const vestingWallet = onchainTable("vesting_wallet", (t) => ({
  id: t.hex().primaryKey(),
  allocationIndex: t.integer().notNull(),
  beneficiary: t.hex().notNull(),
  amount: t.bigint().notNull(),
  released: t.bigint().notNull(),
  releases: t.integer().notNull(),
}));

/** An airdrop claim (MerkleAirdrop `Claimed`; one per account, so keyed by it). */
export const airdropClaim = onchainTable("airdrop_claim", (t) => ({
  id: t.hex().primaryKey(),
  amount: t.bigint().notNull(),
  block: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
}));

/** Airdrop totals (one row, id "airdrop"): claimed, and what the DAO swept after the deadline. */
export const airdropTotals = onchainTable("airdrop_totals", (t) => ({
  id: t.text().primaryKey(),
  claimed: t.bigint().notNull(),
  claims: t.integer().notNull(),
  swept: t.bigint().notNull(),
  sweptTo: t.hex(),
}));

/** A release from the ecosystem fund (`channel` 0 epoch rewards, 1 license buyback, 2 DAO grant); `memo` as the caller gave it. */
export const ecosystemRelease = onchainTable("ecosystem_release", (t) => ({
  id: t.text().primaryKey(),
  channel: t.integer().notNull(),
  to: t.hex().notNull(),
  amount: t.bigint().notNull(),
  memo: t.hex().notNull(),
  block: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
}), (table) => ({ channelIndex: index().on(table.channel) }));

/** Ecosystem fund totals (one row, id "fund"), per channel; `releasedScheduled` is epochs + grants, as the contract counts it. */
export const ecosystemFund = onchainTable("ecosystem_fund", (t) => ({
  id: t.text().primaryKey(),
  epochRewards: t.bigint().notNull(),
  buyback: t.bigint().notNull(),
  grants: t.bigint().notNull(),
  releasedScheduled: t.bigint().notNull(),
}));

// ------------------------------------------------------------------ the timelock, governor settings, buy-back escrow

/** A timelock operation (keyed by its id): scheduled by a queued proposal, then executed or cancelled. */
export const timelockOperation = onchainTable("timelock_operation", (t) => ({
  id: t.hex().primaryKey(),
  /** scheduled, executed or cancelled. */
  state: t.text().notNull(),
  calls: t.integer().notNull(),
  executedCalls: t.integer().notNull(),
  predecessor: t.hex().notNull(),
  delaySeconds: t.bigint().notNull(),
  /** The earliest execution time: the scheduling block's timestamp plus the delay. */
  readyAt: t.bigint().notNull(),
  scheduledBlock: t.bigint().notNull(),
  executedBlock: t.bigint(),
}));

/** One call of a timelock operation (id `<operationId>-<index>`). */
export const timelockCall = onchainTable("timelock_call", (t) => ({
  id: t.text().primaryKey(),
  /** The operation's id (Ponder reserves `operation` and `operation_id`). */
  timelockOperationId: t.hex().notNull(),
  index: t.integer().notNull(),
  target: t.hex().notNull(),
  value: t.bigint().notNull(),
  data: t.hex().notNull(),
  executed: t.boolean().notNull(),
}), (table) => ({ operationIndex: index().on(table.timelockOperationId) }));

/**
 * A DAO setting and its current value (keyed by name): the governor's votingDelay, votingPeriod (seconds),
 * proposalThreshold (IFX WAD) and quorumNumerator (percent), and the timelock's minDelay (seconds).
 */
export const governanceSetting = onchainTable("governance_setting", (t) => ({
  id: t.text().primaryKey(),
  value: t.bigint().notNull(),
  changes: t.integer().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

/** The ETH a license's purchase escrowed for the guaranteed buy-back (keyed by license id), as `escrowOf` counts it. */
export const buybackEscrow = onchainTable("buyback_escrow", (t) => ({
  id: t.bigint().primaryKey(),
  escrowed: t.bigint().notNull(),
  escrowedTotal: t.bigint().notNull(),
  releasedToTreasury: t.bigint().notNull(),
  paidToHolder: t.bigint().notNull(),
}));

/** Buy-back escrow totals (one row, id "escrow"): `totalEscrowed` as the contract counts it, and what was swept. */
export const buybackTotals = onchainTable("buyback_totals", (t) => ({
  id: t.text().primaryKey(),
  totalEscrowed: t.bigint().notNull(),
  swept: t.bigint().notNull(),
}));
