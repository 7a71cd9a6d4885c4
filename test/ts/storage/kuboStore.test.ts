import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContentStore, createHeliaStore, createKuboStore } from "../../../keepers/storage/index.js";
import { THREE_MB, THREE_MB_CID, contentStoreContract } from "./contract.js";
import { cleanup, deterministicBytes, listen, storageFailure, tempDir } from "./storageHelpers.js";

/** Kubo's binary: `ipfs` on PATH, or INFERIX_IPFS. Without it the Kubo tests are skipped, and say so. */
const ipfsBinary = process.env["INFERIX_IPFS"] ?? "ipfs";
const hasKubo = spawnSync(ipfsBinary, ["version"], { timeout: 10_000 }).status === 0;
if (!hasKubo) {
  console.warn(
    `Kubo not found (no "${ipfsBinary}" binary on PATH): skipping the Kubo content store tests; install Kubo (https://dist.ipfs.tech/#kubo) or set INFERIX_IPFS to run them`,
  );
}

/** An offline Kubo daemon on loopback with a temporary IPFS_PATH, its RPC and gateway URLs. */
let daemon: ChildProcess | undefined;
let repo: string | undefined;
let rpcUrl = "";
let gatewayUrl = "";

function multiaddrToUrl(address: string): string {
  const match = /^\/ip4\/([^/]+)\/tcp\/(\d+)/.exec(address);
  if (match === null) throw new Error(`unexpected Kubo address ${address}`);
  return `http://${match[1]}:${match[2]}`;
}

beforeAll(async () => {
  if (!hasKubo) return;
  repo = await tempDir("inferix-kubo-");
  const env = { ...process.env, IPFS_PATH: repo };
  const init = spawnSync(ipfsBinary, ["init", "--profile", "test"], { env, timeout: 60_000, encoding: "utf8" });
  if (init.status !== 0) throw new Error(`ipfs init failed: ${init.stderr}`);
  const child = spawn(ipfsBinary, ["daemon", "--offline"], { env, stdio: ["ignore", "pipe", "pipe"] });
  daemon = child;
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kubo did not start within 60 s:\n${output}`)), 60_000);
    const onData = (data: Buffer): void => {
      output += data.toString();
      const rpc = /(?:RPC )?API server listening on (\S+)/.exec(output);
      const gateway = /Gateway[^\n]*listening on (\S+)/.exec(output);
      if (/Daemon is ready/.test(output) && rpc?.[1] !== undefined && gateway?.[1] !== undefined) {
        clearTimeout(timer);
        rpcUrl = multiaddrToUrl(rpc[1]);
        gatewayUrl = multiaddrToUrl(gateway[1]);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`Kubo exited with ${code}:\n${output}`)));
  });
}, 90_000);

afterAll(async () => {
  if (daemon !== undefined && daemon.exitCode === null) {
    const exited = new Promise((resolve) => daemon?.once("exit", resolve));
    daemon.kill("SIGTERM");
    await exited;
  }
  if (repo !== undefined) await cleanup(repo);
});

contentStoreContract("Kubo over its RPC API", !hasKubo, () => createKuboStore({ url: rpcUrl }));

describe.skipIf(!hasKubo)("Kubo and embedded Helia together", () => {
  it("give the same CID for the same file, and Helia fetches from Kubo's trustless gateway", async () => {
    const kubo = await createContentStore({ kind: "kubo", url: rpcUrl });
    const dir = await tempDir();
    const helia = await createHeliaStore({ dir, gateways: [gatewayUrl] });
    try {
      const bytes = deterministicBytes(THREE_MB);
      expect(await kubo.addBytes(bytes)).toBe(THREE_MB_CID);
      const fetched = await helia.getBytes(THREE_MB_CID, { maxBytes: THREE_MB });
      expect(Buffer.from(fetched).equals(Buffer.from(bytes))).toBe(true);
    } finally {
      await helia.close();
      await kubo.close();
      await cleanup(dir);
    }
  });
});

describe("Kubo store without a node", () => {
  it("fails UNAVAILABLE, naming the URL, when no Kubo RPC API answers", async () => {
    const closed = await listen(() => undefined);
    const url = closed.url;
    await closed.close();
    const error = await storageFailure(createKuboStore({ url, timeoutMs: 2_000 }), "UNAVAILABLE");
    expect(error.message).toContain(url);
    expect(error.retryable).toBe(true);
    await storageFailure(createKuboStore({ url: "not a url" }), "CONFIG_INVALID");
  });
});
