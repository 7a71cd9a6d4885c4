import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../../keepers/cli/cliIo.js";
import { runIfx } from "../../../keepers/cli/runIfx.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function ifx(argv: string[], env: Record<string, string>) {
  const err: string[] = [];
  const io: CliIo = { out: () => {}, err: (t) => err.push(t), env };
  return { code: await runIfx(argv, io), err: err.join("\n") };
}

describe("ifx worker start / ifx verifier start", () => {
  let dir: string;
  beforeAll(async () => (dir = await tempDir("inferix-daemon-cli-")));
  afterAll(() => cleanup(dir));

  it("refuses an invalid config with exit 2, listing every problem with the variable to set", async () => {
    const worker = await ifx(["worker", "start"], {});
    expect(worker.code).toBe(2);
    expect(worker.err).toMatch(/manager: .*\(set IFX_MANAGER_URL, IFX_CHAIN_ID\)/);
    expect(worker.err).toMatch(/nodeId: .*\(set IFX_NODE_ID\)/);
    expect(worker.err).toMatch(/dataDir: .*\(set IFX_DATA_DIR\)/);
    expect(worker.err).toMatch(/operator key: no signing key: set IFX_PRIVATE_KEY/);

    const file = join(dir, "verifier.json");
    await writeFile(file, JSON.stringify({ dataDir: dir, pollSeconds: -1, spot: { enabled: true } }));
    const env = { IFX_MANAGER_URL: "ftp://manager", IFX_CHAIN_ID: "31337", IFX_NODE_ID: "seven", IFX_PRIVATE_KEY: "0x1234", IFX_VERIFIER_SECRET: "", IFX_MARKET_ADDRESS: "0x12", IFX_RPC_URL: "http://127.0.0.1:9" };
    const verifier = await ifx(["verifier", "start", "--config", file], env);
    expect(verifier.code).toBe(2);
    for (const problem of [/manager\.url: must be an http\(s\) URL \(from IFX_MANAGER_URL\)/, /nodeId: must be a license id .*\(from IFX_NODE_ID\)/, /pollSeconds: pollSeconds must be positive/, /market: must be an address \(from IFX_MARKET_ADDRESS\)/,
      /spot\.secret: the spot re-render needs the verifier's secret \(set IFX_VERIFIER_SECRET\)/, /operator key: IFX_PRIVATE_KEY must be a 32-byte hex private key/]) {
      expect(verifier.err).toMatch(problem);
    }
    expect(verifier.err).not.toContain("0x1234"); // a bad key is named, never echoed
    // The verifier reads the chain itself (job quotes, worker bindings): no RPC, no start.
    const { IFX_RPC_URL: _, ...noChain } = nodeEnv("verifier");
    const chainless = await ifx(["verifier", "start"], noChain);
    expect(chainless.code).toBe(2);
    expect(chainless.err).toMatch(/rpcUrl: must be the chain's http\(s\) JSON-RPC URL .*\(set IFX_RPC_URL\)/);
  });

  it("runs as a process: logs JSON lines, retries an unreachable manager with backoff, drains on SIGTERM and exits 0", async () => {
    const env = { ...nodeEnv("worker"), IFX_ENGINES: "pathtracer", IFX_HEARTBEAT_SECONDS: "0.2", IFX_METRICS_PORT: String(await freePort()) };
    const { lines, metrics } = await runUntilRetried("worker", "heartbeat", env);
    expect(metrics).toMatch(/^ifx_loop_failures_total\{[^}]*loop="heartbeat"[^}]*\} [1-9]/m);
    const messages = lines.map((l) => l["msg"]);
    expect(lines.find((l) => l["msg"] === "worker started")).toMatchObject({ role: "worker", component: "worker", nodeId: "5", engines: ["pathtracer"] });
    expect(lines.find((l) => l["loop"] === "heartbeat")).toMatchObject({ level: 40, msg: "heartbeat failed; retrying", retryInMs: 1_000 });
    expect(messages).toContain("signal received: draining, then stopping (send it again to stop at once)");
    expect(messages).toContain("draining: no new tasks; waiting for the tasks in flight");
    expect(messages.at(-1)).toBe("worker stopped");
    expect(JSON.stringify(lines)).not.toContain(env.IFX_PRIVATE_KEY.slice(2));
  }, 60_000);

  it("runs the verifier as a process the same way, with its own database under the data directory", async () => {
    const env = { ...nodeEnv("verifier"), IFX_SPOT_CHECK: "true", IFX_VERIFIER_SECRET: `0x${"5a".repeat(32)}` };
    const { lines } = await runUntilRetried("verifier", "verifications", env);
    expect(lines.find((l) => l["msg"] === "verifier started")).toMatchObject({ role: "verifier", spot: true, database: "pglite" });
    expect(lines.map((l) => l["msg"]).at(-1)).toBe("verifier stopped");
    expect(JSON.stringify(lines)).not.toContain("5a".repeat(32));
  }, 60_000);

  const nodeEnv = (role: string) => ({
    PATH: process.env["PATH"] ?? "", IFX_MANAGER_URL: "http://127.0.0.1:9", IFX_CHAIN_ID: "31337", IFX_NODE_ID: "5", IFX_DATA_DIR: join(dir, role),
    IFX_PRIVATE_KEY: generatePrivateKey() as string, IFX_POLL_SECONDS: "0.2", IFX_MARKET_ADDRESS: `0x${"11".repeat(20)}`, IFX_RPC_URL: "http://127.0.0.1:9", IFX_DRAIN_GRACE_SECONDS: "5",
  });

  /**
   * `ifx <role> start` as a child process against a manager that is not there: runs until `loop` has failed twice
   * (retried with backoff), reads its metrics if served, then SIGTERM; it must exit 0. Its JSON log lines.
   */
  async function runUntilRetried(role: string, loop: string, env: Record<string, string>) {
    const child = spawn(process.execPath, ["keepers/cli/bin/ifx.mjs", role, "start"], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
    const lines: Record<string, unknown>[] = [];
    let stderr = "";
    let buffered = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += String(chunk)));
    const sawRetry = new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += String(chunk);
        const complete = buffered.split("\n");
        buffered = complete.pop()!;
        for (const line of complete) lines.push(JSON.parse(line) as Record<string, unknown>);
        if (lines.some((l) => l["loop"] === loop && l["failures"] === 2)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    let metrics = "";
    try {
      await Promise.race([sawRetry, exited.then(() => Promise.reject(new Error(`ifx ${role} start exited early: ${stderr}`)))]);
      if (env["IFX_METRICS_PORT"]) metrics = await (await fetch(`http://127.0.0.1:${env["IFX_METRICS_PORT"]}/metrics`)).text();
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    return { lines, metrics };
  }
});
