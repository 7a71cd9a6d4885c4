import path from "node:path";
import { fileURLToPath } from "node:url";
import { readDeploymentFile, type Deployment } from "../../keepers/chain/deploymentFile.js";

export interface IndexerEnv {
  deployment: Deployment;
  rpcUrl: string;
  /** PostgreSQL when set; Ponder's embedded PGlite otherwise. */
  databaseUrl: string | undefined;
  /** PGlite's data directory (`IFX_INDEXER_PGLITE_DIR`, default `indexer/.ponder/pglite`). */
  pgliteDirectory: string;
  pollingIntervalMs: number;
  /** Blocks per `eth_getLogs` (`IFX_INDEXER_GETLOGS_RANGE`); unset, Ponder finds the RPC's limit by itself. */
  getLogsBlockRange: number | undefined;
}

/** Relative paths are the repository's (where `npm run` runs), whatever directory Ponder runs in. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export class IndexerConfigError extends Error {
  override readonly name = "IndexerConfigError";
}

/**
 * The indexer's environment, checked at start-up (STYLE 14): the deployment file (`IFX_DEPLOYMENT`, default
 * `deployments/31337.json`), the RPC (`IFX_RPC_URL`, else Ponder's `PONDER_RPC_URL_<chainId>`), the database
 * (`DATABASE_URL` for PostgreSQL), the polling interval (`IFX_INDEXER_POLL_MS`, default 1,000 ms) and the block range
 * of one `eth_getLogs` (`IFX_INDEXER_GETLOGS_RANGE`: a local node takes any range in one request).
 */
export async function loadIndexerEnv(env: Record<string, string | undefined>): Promise<IndexerEnv> {
  const file = path.resolve(REPO_ROOT, env.IFX_DEPLOYMENT ?? path.join("deployments", "31337.json"));
  const deployment = await readDeploymentFile(file);
  const rpcUrl = env.IFX_RPC_URL ?? env[`PONDER_RPC_URL_${deployment.chainId}`];
  if (rpcUrl === undefined || !/^https?:\/\//.test(rpcUrl)) {
    throw new IndexerConfigError(`set IFX_RPC_URL (or PONDER_RPC_URL_${deployment.chainId}) to the chain's http(s) JSON-RPC URL${rpcUrl === undefined ? "" : `, not ${rpcUrl}`}`);
  }
  const pollingIntervalMs = Number(env.IFX_INDEXER_POLL_MS ?? 1_000);
  if (!Number.isInteger(pollingIntervalMs) || pollingIntervalMs <= 0) throw new IndexerConfigError(`IFX_INDEXER_POLL_MS must be a positive integer, not ${env.IFX_INDEXER_POLL_MS}`);
  const range = env.IFX_INDEXER_GETLOGS_RANGE;
  const getLogsBlockRange = range === undefined || range === "" ? undefined : Number(range);
  if (getLogsBlockRange !== undefined && (!Number.isInteger(getLogsBlockRange) || getLogsBlockRange <= 0)) throw new IndexerConfigError(`IFX_INDEXER_GETLOGS_RANGE must be a positive integer, not ${range}`);
  const databaseUrl = env.DATABASE_URL === "" ? undefined : env.DATABASE_URL;
  const pgliteDirectory = path.resolve(REPO_ROOT, env.IFX_INDEXER_PGLITE_DIR ?? path.join("indexer", ".ponder", "pglite"));
  return { deployment, rpcUrl, databaseUrl, pgliteDirectory, pollingIntervalMs, getLogsBlockRange };
}
