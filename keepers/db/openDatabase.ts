import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect, sql, type Dialect } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import { migrationProvider } from "./migrations/index.js";
import type { Database } from "./schema.js";

export interface DatabaseConfig {
  /** postgres://... : a PostgreSQL server (the daemons' `DATABASE_URL`). Without it, embedded PGlite. */
  url?: string;
  /** PGlite's data directory; without it (and without `url`) the database lives in memory and ends with the process. */
  dataDir?: string;
  /** Connections to a server (default 10); PGlite has one. */
  poolSize?: number;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  /** "postgres" or "pglite", for logs and metrics. */
  kind: "postgres" | "pglite";
  /** Migrations applied by this open (none when the schema was current). */
  applied: string[];
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  override readonly name = "DatabaseError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

function dialectFor(config: DatabaseConfig): { dialect: Dialect; kind: OpenDatabase["kind"] } {
  if (config.url) {
    if (!/^postgres(ql)?:\/\//.test(config.url)) throw new DatabaseError(`the database URL must start with postgres:// or postgresql://, got "${config.url.split("@").pop()}"`);
    return { kind: "postgres", dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 }) }) };
  }
  return { kind: "pglite", dialect: new PGliteDialect({ pglite: () => PGlite.create(config.dataDir ? { dataDir: config.dataDir } : {}) }) };
}

/**
 * Opens the keepers' database and brings its schema to the latest migration (Kysely's Migrator: each migration runs
 * once, in order, in a transaction, under a lock, so two daemons starting on one server never apply one twice). A
 * server that cannot be reached or a migration that fails closes what was opened and throws a DatabaseError saying
 * which: a daemon never runs on a half-migrated schema.
 */
export async function openDatabase(config: DatabaseConfig = {}): Promise<OpenDatabase> {
  // A fresh data directory is normal on a node's first start: PGlite creates its own folder, not the parents.
  if (!config.url && config.dataDir) await mkdir(dirname(config.dataDir), { recursive: true });
  const { dialect, kind } = dialectFor(config);
  const db = new Kysely<Database>({ dialect });
  try {
    await sql`select 1`.execute(db); // reachability first: the migrator would report a refused connection as a failed migration
    const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === "Error")?.migrationName;
      throw new DatabaseError(`${failed ? `migration ${failed} failed` : "migrating the database failed"}: ${(error as Error).message ?? String(error)}`, { cause: error });
    }
    const applied = (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
    return { db, kind, applied, close: () => db.destroy() };
  } catch (error) {
    await db.destroy().catch(() => {});
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError(`cannot open the ${kind} database: ${(error as Error).message}`, { cause: error });
  }
}
