import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hre from "hardhat";
import type { Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { writeDeployment, type Deployment } from "../../keepers/chain/deploymentFile.js";
import { deployProtocol } from "../deploy/deployProtocol.js";
// Hardhat's own `node` task server (the same JSON-RPC handler, reverts as geth/anvil send them); its package exports
// do not list it, so it is reached by path. Pinned Hardhat version: see package.json.
import { JsonRpcServerImplementation } from "../../node_modules/hardhat/dist/src/internal/builtin-plugins/node/json-rpc/server.js";

/** Hardhat's default accounts (its documented test mnemonic): local-chain keys only, worthless anywhere else. */
const MNEMONIC = "test test test test test test test test test test test junk";

export function localKey(index: number): Hex {
  const key = mnemonicToAccount(MNEMONIC, { addressIndex: index }).getHdKey().privateKey!;
  return `0x${Buffer.from(key).toString("hex")}`;
}

export interface LocalChain {
  url: string;
  deployment: Deployment;
  deploymentFile: string;
  dir: string;
  connection: Awaited<ReturnType<typeof hre.network.create>>;
  /** A JSON-RPC call over HTTP, as any client would make it (moving time: evm_increaseTime, evm_mine). */
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * An in-process Hardhat chain with the whole protocol deployed, served over HTTP JSON-RPC on loopback by Hardhat's
 * node server, and its deployment file written to a temporary directory: the CLI and the daemons reach it like a
 * real user (tests, `npm run demo`).
 */
export async function serveLocalChain(): Promise<LocalChain> {
  const connection = await hre.network.create();
  const { deployment } = await deployProtocol(connection, { outDir: null });
  const dir = await mkdtemp(join(tmpdir(), "inferix-cli-chain-"));
  const deploymentFile = await writeDeployment(deployment, dir);
  const server = new JsonRpcServerImplementation({ hostname: "127.0.0.1", port: 0, provider: connection.provider });
  const { port } = await server.listen();
  const url = `http://127.0.0.1:${port}/`;
  let id = 0;
  const rpc = async (method: string, params: unknown[] = []) => {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }) });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  const close = async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { url, deployment, deploymentFile, dir, connection, rpc, close };
}

