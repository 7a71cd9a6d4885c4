import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * On-chain amounts and ids (uint256) are NUMERIC(78, 0): exact, summable in SQL, and read back as decimal strings
 * that `toBigInt` turns into bigints. Inserted as bigint or string.
 */
export type Uint256 = ColumnType<string, bigint | string, bigint | string>;
/** Timestamps with time zone, read as Date. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** JSON documents (settings, quotes, statistics); the column's TypeScript type says what they hold. */
export type Json<T> = ColumnType<T, string, string>;

export type JobStatus = "quoted" | "escrowed" | "running" | "settling" | "settled" | "released" | "cancelled" | "expired" | "failed";
export type TaskStatus = "pending" | "ready" | "assigned" | "rendered" | "accepted" | "rejected";
export type AttemptStatus = "assigned" | "rendered" | "accepted" | "rejected" | "timed_out" | "released";

export interface JobSettings {
  engine: "pathtracer" | "blender";
  resolution: { width: number; height: number };
  samples: number;
  bounces: number;
  framesPerTask: number;
}

export interface CommitteeSeat {
  verifierId: string;
  operator: string;
}

/** A job the manager quoted (and, once escrowed on-chain, runs): the quote and the artist's settings. */
export interface JobsTable {
  id: string; // bytes32 hex, the on-chain job id
  artist: string;
  scene_cid: string;
  frame_start: number;
  frame_end: number;
  settings: Json<JobSettings>;
  task_count: number;
  work_wad: Uint256;
  price_per_ibm_wad: Uint256;
  fee: Uint256;
  quote: Json<Record<string, string | number>>;
  quote_signature: string;
  status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
  /** The drawn committee's seats (`CommitteeDrawn`), verifier ids and operators as strings; null before the draw. */
  committee: ColumnType<CommitteeSeat[] | null, string | null | undefined, string | null>;
  /** Chain time (unix seconds) at which a settled job's fee was last seen to fall due; null until first read. */
  fee_due_at: ColumnType<string | null, bigint | number | string | null | undefined, bigint | number | string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A chunk of a job's frames: its PoR-marked scene, the hash of its key, and who rendered it. */
export interface TasksTable {
  job_id: string;
  task_index: number;
  frame_start: number;
  frame_end: number;
  work_wad: Uint256;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  marked_scene_cid: string | null;
  key_hash: string | null;
  /** The task's version 2 PoR key (JSON): the manager's secret, sealed to each committee member when it asks. */
  por_key: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

/** One worker's attempt at a task: every assignment is kept, so a restart or a dispute can tell what happened. */
export interface TaskAttemptsTable {
  id: Generated<number>;
  job_id: string;
  task_index: number;
  worker_id: Uint256;
  status: ColumnType<AttemptStatus, AttemptStatus | undefined, AttemptStatus>;
  assigned_at: Timestamp;
  deadline_at: Timestamp;
  result_cid: string | null;
  /** The worker's EIP-712 `TaskResult` signature over the result (65-byte hex), with the result. */
  result_signature: string | null;
  reason: string | null;
  /** The worker's progress on a live attempt in [0, 1], from its heartbeats; null before the first report. */
  progress: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: Timestamp;
}

/** A committee member's signed verdict on an attempt (WP §III-F3: a task is final when two agree). */
export interface VerdictsTable {
  attempt_id: number;
  verifier_id: Uint256;
  accepted: boolean;
  statistics: Json<Record<string, unknown>>;
  signature: string;
  created_at: Timestamp;
}

/** Workers a job no longer assigns to after repeated failures. */
export interface JobBlocklistTable {
  job_id: string;
  worker_id: Uint256;
  failures: number;
  reason: string;
}

/** A worker that heartbeats to this manager: what it renders, how many tasks at once, its on-chain price and IB. */
export interface WorkersTable {
  worker_id: Uint256;
  operator: string;
  engines: Json<string[]>;
  slots: ColumnType<number, number | undefined, number>;
  price_per_ibm_wad: Uint256;
  ib_wad: Uint256;
  /** NodeStaking.eligibility(id, 0) == Eligible at the last heartbeat (stake, activity, not blacklisted or retired). */
  eligible: boolean;
  last_seen: Timestamp;
}

/** How far an event reader has read the chain: the next block to read, so a restart neither skips nor repeats. */
export interface ChainCursorsTable {
  name: string;
  next_block: ColumnType<string, bigint | string, bigint | string>;
}

/** A settlement the manager built for a job, and its transaction once sent. */
export interface SettlementsTable {
  job_id: string;
  settlement_index: number;
  outcomes_root: string;
  payload: Json<Record<string, unknown>>;
  tx_hash: string | null;
  status: ColumnType<"built" | "sent" | "confirmed", "built" | "sent" | "confirmed" | undefined, "built" | "sent" | "confirmed">;
  /** The job's on-chain signature threshold, once read (it is fixed when the committee is drawn). */
  threshold: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: Timestamp;
}

/** A committee member's EIP-712 signature over a built settlement, checked against its seat's operator. */
export interface SettlementSignaturesTable {
  job_id: string;
  settlement_index: number;
  verifier_id: Uint256;
  seat: number;
  signature: string;
  created_at: Timestamp;
}

/** A verifier's own verdicts (its own database): what it checks a settlement against, and resubmits after a restart. */
export interface OwnVerdictsTable {
  verifier_id: Uint256;
  attempt_id: number;
  job_id: string;
  task_index: number;
  result_cid: string;
  accepted: boolean;
  /** The statistics JSON exactly as submitted. */
  statistics: string;
  /** The worker whose operator key signed the result (NodeRegistry.boundLicenseOf); null for verdicts kept before 0009. */
  worker_id: ColumnType<string | null, bigint | string | null | undefined, bigint | string | null>;
  /** That worker's EIP-712 `TaskResult` signature, as checked. */
  result_signature: ColumnType<string | null, string | null | undefined, string | null>;
  /** The task's work (WAD IBM) as the job's on-chain quote splits it over the task's frames. */
  work_wad: ColumnType<string | null, bigint | string | null | undefined, bigint | string | null>;
  created_at: Timestamp;
}

/** A verifier's record of the tasks it signed a payment for (its own database): a task is paid by one settlement. */
export interface SignedPaymentsTable {
  verifier_id: Uint256;
  job_id: string;
  task_index: number;
  settlement_index: number;
  attempt_id: number;
  /** The work the payment paid (WAD IBM); null for payments signed before migration 0009. */
  work_wad: ColumnType<string | null, bigint | string | null | undefined, bigint | string | null>;
  created_at: Timestamp;
}

export type BenchmarkStatus = "issued" | "fetched" | "submitted" | "verified" | "rejected" | "posted" | "expired";

/**
 * An IB benchmark challenge: a governed sample scene, a fresh seed and the settings; the worker's frame and the time
 * the manager measured from its first fetch of the challenge to its report (scene fetch, render and upload included).
 */
export interface BenchmarksTable {
  id: Generated<number>;
  worker_id: Uint256;
  /** The protocol epoch the challenge was issued in: a worker is benchmarked once an epoch. */
  epoch: Uint256;
  /** bytes32 hex: `sceneKey("inferix/room")`, the ParameterRegistry's key of the scene's reference time. */
  scene_id: string;
  scene_cid: string;
  seed: ColumnType<string, bigint | number | string, bigint | number | string>;
  width: number;
  height: number;
  samples: number;
  bounces: number;
  status: ColumnType<BenchmarkStatus, BenchmarkStatus | undefined, BenchmarkStatus>;
  issued_at: Timestamp;
  /** When the worker first read the challenge (and its seed): the clock starts here. */
  fetched_at: Timestamp | null;
  /** When the worker reported its frame: the clock stops here. */
  received_at: Timestamp | null;
  result_cid: string | null;
  frame_time_ms: ColumnType<string | null, bigint | number | string | null | undefined, bigint | number | string | null>;
  reason: string | null;
  tx_hash: string | null;
  updated_at: Timestamp;
}

/** A dispute of one of the manager's jobs (JobDisputes), keyed as on-chain by job, settlement and task. */
export interface DisputesTable {
  job_id: string;
  settlement_index: number;
  task_index: number;
  /** The accepted attempt the disputed outcome came from (null when the settlement's payload does not name it). */
  attempt_id: number | null;
  /** The panel's seats once drawn (`DisputePanelDrawn`), in seat order. */
  panel: ColumnType<CommitteeSeat[] | null, string | null | undefined, string | null>;
  status: ColumnType<"open" | "resolved", "open" | "resolved" | undefined, "open" | "resolved">;
  updated_at: Timestamp;
}

export interface Database {
  jobs: JobsTable;
  tasks: TasksTable;
  task_attempts: TaskAttemptsTable;
  verdicts: VerdictsTable;
  job_blocklist: JobBlocklistTable;
  workers: WorkersTable;
  chain_cursors: ChainCursorsTable;
  settlements: SettlementsTable;
  settlement_signatures: SettlementSignaturesTable;
  own_verdicts: OwnVerdictsTable;
  signed_payments: SignedPaymentsTable;
  benchmarks: BenchmarksTable;
  disputes: DisputesTable;
}

export type Job = Selectable<JobsTable>;
export type NewJob = Insertable<JobsTable>;
export type JobUpdate = Updateable<JobsTable>;
export type Task = Selectable<TasksTable>;
export type NewTask = Insertable<TasksTable>;
export type TaskAttempt = Selectable<TaskAttemptsTable>;

/** A NUMERIC(78, 0) read back from the database. */
export function toBigInt(value: string | number | bigint): bigint {
  return BigInt(value);
}
