import { hexToBytes, isHex } from "viem";
import { z } from "zod";
import { CHAIN_VARIABLES, chainConfigSchema } from "../../chain/chainConfig.js";
import { ConfigError } from "../../config/loadConfig.js";
import { storageConfigSchema } from "../../storage/createContentStore.js";

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const millis = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * The manager daemon's configuration (`ifx manager start`), validated at start-up (STYLE 14). Secrets are not here:
 * the operator key comes from IFX_PRIVATE_KEY or a keystore (keepers/keys), the PoR secret from IFX_POR_SECRET.
 */
export const managerConfigSchema = z.object({
  chain: chainConfigSchema,
  /** The manager's license id (a registered manager node whose operator is this daemon's key). */
  managerId: z.coerce.bigint().positive("must be a license id"),
  /** Where the embedded database and the block store live unless DATABASE_URL / a storage section say otherwise. */
  dataDir: z.string().min(1).default(".ifx/manager"),
  /** postgres://... : a PostgreSQL server; unset, embedded PGlite under dataDir. */
  databaseUrl: z.string().min(1).optional(),
  storage: storageConfigSchema.optional(),
  listen: z.object({
    host: z.string().min(1).default("127.0.0.1"),
    port: z.coerce.number().int().min(0).max(65_535).default(8640),
  }).prefault({}),
  /** Prometheus metrics on their own port (GET /metrics); unset, none. */
  metricsPort: z.coerce.number().int().min(0).max(65_535).optional(),
  loops: z.object({
    intakeMs: millis(2_000),
    assignMs: millis(1_000),
    settleMs: millis(3_000),
    epochMs: millis(30_000),
    benchmarkMs: millis(15_000),
  }).prefault({}),
  /** IB benchmark rounds (WP eq. 19): only a manager whose operator holds NodeRegistry's BENCHMARK_ROLE runs them. */
  benchmarks: z.object({
    /** A read challenge not answered within this is expired. */
    timeoutSeconds: seconds(600),
    /** Challenge a worker again within an epoch once its last challenge is this old; unset, once an epoch. */
    intervalSeconds: z.coerce.number().int().positive().optional(),
  }).prefault({}),
  tasks: z.object({
    /** A worker's time to return a task's result before the task goes to another. */
    timeoutSeconds: seconds(900),
    /** Workers silent for longer get no new tasks. */
    heartbeatTimeoutSeconds: seconds(60),
    blockAfterFailures: z.coerce.number().int().positive().default(3),
    maxPerRound: z.coerce.number().int().positive().default(200),
  }).prefault({}),
  marking: z.object({
    /** Atomic noises per frame (WP §III: 8-15). */
    marks: z.coerce.number().int().min(4).max(40).default(8),
    threads: z.coerce.number().int().positive().default(1),
  }).prefault({}),
  /** Blocks left unread behind the head (reorg safety; 0 on a local chain) and most blocks per log query. */
  confirmations: z.coerce.bigint().nonnegative().default(0n),
  maxLogRange: z.coerce.bigint().positive().default(2_000n),
  /** SIGTERM: how long rounds in progress may take to finish before the daemon closes anyway. */
  drainGraceSeconds: seconds(30),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type ManagerConfig = z.output<typeof managerConfigSchema>;

export const MANAGER_VARIABLES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(CHAIN_VARIABLES).map(([variable, path]) => [variable, `chain.${path}`])),
  IFX_MANAGER_ID: "managerId",
  IFX_DATA_DIR: "dataDir",
  DATABASE_URL: "databaseUrl",
  IFX_LISTEN_HOST: "listen.host",
  IFX_LISTEN_PORT: "listen.port",
  IFX_METRICS_PORT: "metricsPort",
  IFX_TASK_TIMEOUT_SECONDS: "tasks.timeoutSeconds",
  IFX_HEARTBEAT_TIMEOUT_SECONDS: "tasks.heartbeatTimeoutSeconds",
  IFX_CONFIRMATIONS: "confirmations",
  IFX_DRAIN_GRACE_SECONDS: "drainGraceSeconds",
  IFX_LOG_LEVEL: "logLevel",
};

/** IFX_POR_SECRET: the manager's PoR secret (32 bytes hex); every task's secret derives from it (HKDF). */
export function parsePorSecret(raw: string | undefined): Uint8Array {
  if (raw === undefined || raw === "") throw new ConfigError("IFX_POR_SECRET is not set: the manager's PoR secret, 32 bytes of hex (keep it as safe as the operator key)");
  const hex = raw.startsWith("0x") ? raw : `0x${raw}`;
  if (!isHex(hex, { strict: true }) || hex.length !== 66) throw new ConfigError("IFX_POR_SECRET must be 32 bytes of hex");
  return hexToBytes(hex);
}
