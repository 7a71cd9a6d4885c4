import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, loadConfig } from "../../../keepers/config/loadConfig.js";
import { createLogger } from "../../../keepers/log/createLogger.js";

const schema = z.object({
  chain: z.object({ rpcUrl: z.url(), chainId: z.coerce.number().int().positive() }),
  api: z.object({ port: z.coerce.number().int().min(1).max(65_535).default(8_545) }).prefault({}),
  operator: z.object({ privateKey: z.string().regex(/^0x[0-9a-f]{64}$/i, "expected a 32-byte hex private key") }),
});
const variables = { IFX_RPC_URL: "chain.rpcUrl", IFX_CHAIN_ID: "chain.chainId", IFX_API_PORT: "api.port", IFX_OPERATOR_KEY: "operator.privateKey" };
const KEY = `0x${"11".repeat(32)}`;

describe("typed config validated at start-up", () => {
  it("merges a file and the environment (the environment wins), coerces and fills defaults", async () => {
    const dir = await mkdtemp(join(tmpdir(), "inferix-config-"));
    try {
      const file = join(dir, "manager.json");
      await writeFile(file, JSON.stringify({ chain: { rpcUrl: "http://file:8545", chainId: 1 } }));
      const config = await loadConfig(schema, { file, env: { IFX_CHAIN_ID: "31337", IFX_OPERATOR_KEY: KEY }, variables });
      expect(config).toEqual({ chain: { rpcUrl: "http://file:8545", chainId: 31337 }, api: { port: 8_545 }, operator: { privateKey: KEY } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reports every problem at once, with its path and the variable to set", async () => {
    const failing = loadConfig(schema, { env: { IFX_RPC_URL: "not a url", IFX_API_PORT: "70000" }, variables });
    await expect(failing).rejects.toThrow(ConfigError);
    const message = await failing.catch((error: Error) => error.message);
    expect(message).toMatch(/chain\.rpcUrl: .*\(from IFX_RPC_URL\)/);
    expect(message).toMatch(/chain\.chainId: .*\(set IFX_CHAIN_ID\)/);
    expect(message).toMatch(/api\.port: .*\(from IFX_API_PORT\)/);
    expect(message).toMatch(/operator: .*\(set IFX_OPERATOR_KEY\)/);
  });

  it("refuses an unreadable or malformed config file by name", async () => {
    await expect(loadConfig(schema, { file: "/nonexistent/manager.json", env: {}, variables })).rejects.toThrow(/cannot read the config file \/nonexistent\/manager.json: ENOENT/);
    const dir = await mkdtemp(join(tmpdir(), "inferix-config-"));
    try {
      await writeFile(join(dir, "bad.json"), "[1, 2]");
      await expect(loadConfig(schema, { file: join(dir, "bad.json"), env: {}, variables })).rejects.toThrow(/is not a JSON object/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("structured logs", () => {
  it("writes JSON lines tagged with the role and component, with secrets redacted", () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
    const logger = createLogger({ role: "manager", destination }).child({ component: "assigner" });
    logger.info({ config: { operator: { privateKey: KEY }, databaseUrl: "postgres://u:p@h/db" } }, "started");
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ role: "manager", component: "assigner", msg: "started", level: 30 });
    expect(JSON.stringify(line)).not.toContain(KEY.slice(2));
    expect(JSON.stringify(line)).not.toContain("u:p@h");
  });
});
