import pg from "pg";
import type { DatabaseConfig } from "../../../keepers/db/openDatabase.js";

/** The machine's PostgreSQL (trust auth on loopback); override with INFERIX_TEST_POSTGRES. */
export const SERVER = process.env["INFERIX_TEST_POSTGRES"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** One statement on the server's admin database (create or drop a database); false when the server is not usable. */
export async function adminQuery(text: string, warn: boolean): Promise<boolean> {
  const client = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query(text);
    return true;
  } catch (error) {
    if (warn) console.warn(`PostgreSQL at ${SERVER.replace(/\/\/[^@]*@/, "//")} is not usable (${(error as Error).message}): the tests on a PostgreSQL server are skipped`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestBackend {
  name: string;
  available: boolean;
  config: DatabaseConfig;
}

/**
 * The backends every database test runs on: embedded PGlite (in memory) and, when the machine's server answers, a
 * PostgreSQL database created for this test file and dropped by `dropAll`.
 */
export async function testBackends(label: string): Promise<{ backends: TestBackend[]; dropAll(): Promise<void> }> {
  const name = `inferix_${label}_${process.pid}_${Date.now()}`;
  const up = await adminQuery(`create database ${name}`, true);
  return {
    backends: [
      { name: "embedded PGlite", available: true, config: {} },
      { name: "the PostgreSQL server", available: up, config: { url: SERVER.replace(/\/[^/]*$/, `/${name}`) } },
    ],
    dropAll: async () => {
      if (up) await adminQuery(`drop database if exists ${name} with (force)`, false);
    },
  };
}

/**
 * Whether the PostgreSQL server answers, for suites whose daemon processes and test share one database (PGlite is one
 * process's): when it does not, they are skipped and `suite` is named in the printed reason.
 */
export async function postgresServerFor(suite: string): Promise<boolean> {
  const up = await adminQuery("select 1", false);
  if (!up) console.warn(`PostgreSQL at ${SERVER.replace(/\/\/[^@]*@/, "//")} does not answer: ${suite} is skipped (it shares a database between processes); start a server or set INFERIX_TEST_POSTGRES to run it`);
  return up;
}
