import { join } from "node:path";
import { z } from "zod";
import { storageConfigSchema, type StorageConfig } from "../storage/createContentStore.js";

const seconds = (what: string) => z.coerce.number({ error: `${what} must be a number of seconds` }).positive(`${what} must be positive`);

/**
 * What every node daemon (worker, verifier) is configured with: its manager, who it is, where it keeps its state and
 * how long it drains at shutdown. The operator key is not here: it comes from the environment or a keystore
 * (keepers/keys), never from a config file.
 */
export const nodeConfigFields = {
  manager: z.strictObject({
    /** The manager's base URL: its API, block gateway and upload share one server. */
    url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
    chainId: z.coerce.number({ error: "must be a chain id" }).int().positive(),
  }),
  /** The node's license id (NodeRegistry), a decimal string. */
  nodeId: z.string({ error: "must be the node's license id" }).regex(/^[1-9][0-9]{0,77}$/, "must be a license id (a positive integer)").transform((id) => BigInt(id)),
  /** Where the daemon keeps its blocks, scratch files and (verifier) database across restarts. */
  dataDir: z.string({ error: "must name a directory" }).min(1, "must name a directory"),
  /** The content store; default embedded Helia under dataDir, fetching through the manager's gateway. */
  storage: storageConfigSchema.optional(),
  /** Past this at shutdown, work in flight is abandoned (a worker hands its tasks back). */
  drainGraceSeconds: seconds("drainGraceSeconds").default(60),
  /** Pause between two polls of the manager. */
  pollSeconds: seconds("pollSeconds").default(5),
  /** Exposes Prometheus metrics on this port (127.0.0.1) when set; 0 picks a free port (the handle's `metricsPort`). */
  metricsPort: z.coerce.number().int().min(0).max(65_535).optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
};

/** The environment variables both node daemons read, onto the config's paths. */
export const NODE_VARIABLES = {
  IFX_MANAGER_URL: "manager.url",
  IFX_CHAIN_ID: "manager.chainId",
  IFX_NODE_ID: "nodeId",
  IFX_DATA_DIR: "dataDir",
  IFX_DRAIN_GRACE_SECONDS: "drainGraceSeconds",
  IFX_POLL_SECONDS: "pollSeconds",
  IFX_METRICS_PORT: "metricsPort",
  IFX_LOG_LEVEL: "logLevel",
} as const;

/** The store a node daemon uses: the configured one, else Helia under its data dir with the manager as gateway. */
export function nodeStorage(config: { storage?: StorageConfig | undefined; dataDir: string; manager: { url: string } }): StorageConfig {
  return config.storage ?? { kind: "helia", dir: join(config.dataDir, "store"), gateways: [config.manager.url] };
}
