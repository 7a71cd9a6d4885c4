import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { StorageError, type StorageErrorCode } from "../../../keepers/storage/index.js";

/** A fresh temporary directory, removed by `cleanup`. */
export async function tempDir(prefix = "inferix-storage-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function cleanup(...dirs: string[]): Promise<void> {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Deterministic bytes (sha256 in counter mode): the same input on every machine, for golden CIDs. */
export function deterministicBytes(length: number, seed = "inferix"): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0, counter = 0; offset < length; counter++) {
    const block = createHash("sha256").update(`${seed}:${counter}`).digest();
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
    offset += block.length;
  }
  return out;
}

/** The StorageError a promise rejects with, failing the test if it resolves or throws something else. */
export async function storageFailure(promise: Promise<unknown>, code: StorageErrorCode): Promise<StorageError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code, (error as Error).message).toBe(code);
    return error as StorageError;
  }
  throw new Error(`expected a StorageError ${code}, but the call succeeded`);
}

export async function drain(source: AsyncIterable<Uint8Array>): Promise<number> {
  let chunks = 0;
  for await (const _chunk of source) chunks++;
  return chunks;
}

/** An HTTP server on a free loopback port. */
export async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Files in a directory, to check that nothing (no temporary file) was left behind. */
export async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}
