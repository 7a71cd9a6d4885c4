import type { Kysely } from "kysely";
import type { Address, Hex } from "viem";
import type { NonceWindow } from "../../auth/nonceWindow.js";
import type { Database } from "../../db/schema.js";
import type { Logger } from "../../log/createLogger.js";
import type { ManagerMetrics } from "../../metrics/createMetrics.js";

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
}
