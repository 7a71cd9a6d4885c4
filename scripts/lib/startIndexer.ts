import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PONDER_BIN = join(process.cwd(), "node_modules", "ponder", "dist", "esm", "bin", "ponder.js");

export interface IndexerOptions {
  rpcUrl: string;
  deploymentFile: string;
  /** PostgreSQL URL; embedded PGlite in a temporary directory otherwise. */
  databaseUrl?: string;
  /** Ponder's database schema (`ponder start --schema`). */
  schema: string;
  /** PGlite directory to reuse (a restart); a new temporary one otherwise. */
  pgliteDir?: string;
  /** More environment for the child (e.g. `IFX_INDEXER_GETLOGS_RANGE`). */
  env?: Record<string, string>;
}

export interface IndexerProcess {
  url: string;
  pgliteDir: string;
  /** The child's output so far (its last 20,000 characters, for failure messages). */
  output(): string;
  /** Whether the child's output so far contains `text` (its first 2 MB are searched). */
  logged(text: string): boolean;
  /** The first 2 MB of the child's output (JSON log lines). */
  fullOutput(): string;
  /** Waits until /ready answers 200 and /status has indexed `block`; throws with the child's output after `timeoutMs`. */
  caughtUp(block: bigint, timeoutMs?: number): Promise<void>;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  get<T>(path: string): Promise<{ status: number; body: T }>;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** Stops and removes the PGlite directory this process created. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `ponder start` of indexer/ as a child process on a free loopback port, for the indexer's tests and its benchmark:
 * the same command `npm run indexer` runs, with the chain, deployment file and database given here.
 */
export async function startIndexer(options: IndexerOptions): Promise<IndexerProcess> {
  const port = await freePort();
  const ownDir = options.pgliteDir === undefined;
  const pgliteDir = options.pgliteDir ?? (await mkdtemp(join(tmpdir(), "inferix-indexer-")));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    IFX_RPC_URL: options.rpcUrl,
    IFX_DEPLOYMENT: options.deploymentFile,
    IFX_INDEXER_PGLITE_DIR: pgliteDir,
    IFX_INDEXER_POLL_MS: "200",
    PONDER_TELEMETRY_DISABLED: "true",
    DATABASE_URL: options.databaseUrl ?? "",
    DATABASE_PRIVATE_URL: "",
    ...options.env,
  };
  const args = [PONDER_BIN, "start", "--schema", options.schema, "--port", String(port), "--hostname", "127.0.0.1", "--log-format", "json"];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: join(process.cwd(), "indexer"), env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let full = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (full.length < 2_000_000) full += chunk.toString();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;

  const get = async <T>(path: string) => {
    const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
    const type = response.headers.get("content-type") ?? "";
    const body = (type.includes("json") ? await response.json() : await response.text()) as T;
    return { status: response.status, body };
  };

  const stop = async () => {
    if (gone) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  };

  return {
    url,
    pgliteDir,
    output: () => output,
    logged: (text) => full.includes(text),
    fullOutput: () => full,
    async caughtUp(block, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last = "not started";
      while (Date.now() < deadline) {
        if (gone) throw new Error(`the indexer exited before catching up:\n${output}`);
        try {
          const ready = await get<string>("/ready");
          if (ready.status === 200) {
            const status = await get<Record<string, { block: { number: number } }>>("/status");
            const indexed = Object.values(status.body)[0]?.block.number ?? 0;
            last = `ready, at block ${indexed} of ${block}`;
            if (BigInt(indexed) >= block) return;
          } else last = `not ready (${ready.status})`;
        } catch (error) {
          last = `no answer (${(error as Error).message})`;
        }
        await sleep(250);
      }
      throw new Error(`the indexer did not catch up with block ${block} within ${timeoutMs} ms (${last}); its output:\n${output}`);
    },
    async graphql<T>(query: string, variables: Record<string, unknown> = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors !== undefined || body.data === undefined) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    get,
    stop,
    async dispose() {
      await stop();
      if (ownDir) await rm(pgliteDir, { recursive: true, force: true });
    },
  };
}
