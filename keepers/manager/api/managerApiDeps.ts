import type { Kysely } from "kysely";
import type { Address, Hex } from "viem";
import type { NonceWindow } from "../../auth/nonceWindow.js";
import type { Database } from "../../db/schema.js";
import type { Logger } from "../../log/createLogger.js";
import type { ManagerMetrics } from "../../metrics/createMetrics.js";
import type { ContentStore } from "../../storage/contentStore.js";
import type { ManagerIdentity } from "../quote/buildQuote.js";

/** A node as the chain sees it now (NodeRegistry + NodeStaking), read by the manager with a short cache. */
export interface NodeView {
  operator: Address;
  kind: "worker" | "verifier" | "manager";
  /** NodeStaking.eligibility(id, 0) == Eligible. */
  eligible: boolean;
  pricePerIbmWad: bigint;
  ibWad: bigint;
  /** The node's registered encryption key (secp256k1, 33 or 65 bytes): PoR keys are sealed to it. */
  encryptionKey: Hex;
}

/** What the API needs from the rest of the manager: injected, so tests run it on a real chain or a fixed view. */
export interface ManagerApiDeps {
  db: Kysely<Database>;
  chainId: number;
  /** The JobMarket: settlement signatures are checked against its EIP-712 domain. */
  market?: Address;
  /** Null for a license that is not a live registered node. */
  nodeView(nodeId: bigint): Promise<NodeView | null>;
  nonces: NonceWindow;
  /** Agreeing verdicts that make a task final (WP §III-F3: 2). */
  verdictThreshold: number;
  logger: Logger;
  /** Counters of API requests and verdict outcomes; absent in tests that do not read them. */
  metrics?: ManagerMetrics;
  /** Largest request body accepted, bytes. */
  maxBodyBytes?: number;
  /** The content store: `job` reads result manifests from it (frame links); absent, tasks list no frames. */
  store?: ContentStore;
  /** What `quote` needs; absent, `quote` answers that this manager does not quote. */
  quoting?: QuotingDeps;
}

/** A manager that quotes: who signs, how fast its own machine is, and the clocks quotes are dated by. */
export interface QuotingDeps {
  identity: ManagerIdentity;
  /** The manager's IB (WAD): its preview seconds become IBM of a reference machine. */
  managerIbWad: bigint;
  /** The IB floor quoted jobs ask of workers (WAD); 0 by default. */
  ibFloorWad?: bigint;
  /** Where scenes are fetched to for inspection and the preview (one file per CID). */
  sceneCacheDir: string;
  /** The chain's time in seconds: expiry and deadline are checked against block timestamps, not this machine's clock. */
  chainSeconds(): Promise<number>;
  /** Wall clock for worker liveness (heartbeats are stamped with it); `new Date()` by default. */
  clock?: () => Date;
  /** Workers seen within this many seconds price the quote (default 60, as the assigner). */
  heartbeatTimeoutSeconds?: number;
  /** Quotes waiting for a preview (the running one included) beyond which quotes are refused; default 8. */
  maxWaitingPreviews?: number;
  /** Seconds the artist has to escrow the quote (default 1 hour) and to the job's deadline (default 3 days). */
  validForSeconds?: number;
  deadlineSeconds?: number;
}
