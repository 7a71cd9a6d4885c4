import { create, type KuboRPCClient } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";
import type { Logger } from "pino";
import { IMPORT_LAYOUT, type ContentStore, type ReadOptions, type StoreCallOptions } from "./contentStore.js";
import { checkedCat, parseCid, openFileForImport, readsFromCat, throwIfCancelled } from "./contentIo.js";
import { StorageError, messageOf } from "./storageError.js";

export interface KuboStoreOptions {
  /** The Kubo node's RPC API, e.g. `http://127.0.0.1:5001` (never expose it beyond the host: it is an admin API). */
  url: string;
  /** Deadline of the small calls (stat, has, a block, the version check). Default 30 s; reads are bounded by the caller's signal. */
  timeoutMs?: number;
  logger?: Logger;
}

/** Kubo's add options giving the CIDs of `IMPORT_LAYOUT` (174 links per node is Kubo's default, not an add option). */
const ADD_OPTIONS = {
  cidVersion: IMPORT_LAYOUT.cidVersion,
  rawLeaves: IMPORT_LAYOUT.rawLeaves,
  chunker: `size-${IMPORT_LAYOUT.chunkSize}`,
  pin: true,
} as const;

/**
 * @notice A content store over a Kubo node's RPC API (`kubo-rpc-client`), for production: the node does its own
 * networking (Bitswap, its gateway) and its own garbage collection; content added here is pinned.
 * @dev Checks that the node answers before returning (`UNAVAILABLE` naming the URL otherwise).
 */
export async function createKuboStore(options: KuboStoreOptions): Promise<ContentStore> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new StorageError("CONFIG_INVALID", `Kubo RPC url "${options.url}" is not a URL`);
  }
  const ipfs: KuboRPCClient = create({ url });
  const log = options.logger?.child({ component: "storage", backend: "kubo" });
  try {
    const version = await ipfs.version({ timeout: timeoutMs });
    log?.info({ url: url.origin, version: version.version }, "content store open");
  } catch (error) {
    throw new StorageError("UNAVAILABLE", `no Kubo RPC API answers at ${url.origin}: ${messageOf(error)}`, { cause: error });
  }
  /** Local-only calls: Kubo's global `--offline` option, as a query parameter. */
  const offline = (signal: AbortSignal | undefined): { timeout: number; offline: boolean; signal?: AbortSignal } => ({
    timeout: timeoutMs,
    offline: true,
    ...(signal ? { signal } : {}),
  });

  async function fileSize(cid: CID, signal: AbortSignal | undefined): Promise<number> {
    const stats = await ipfs.files.stat(`/ipfs/${cid.toString()}`, { timeout: timeoutMs, ...(signal ? { signal } : {}) });
    if (stats.type === "directory") throw new StorageError("INVALID_CID", `${cid} is a UnixFS directory, not a file`);
    return stats.size;
  }

  const cat = (cid: string, readOptions: ReadOptions = {}): AsyncGenerator<Uint8Array> => checkedCat({
    size: fileSize,
    open: (parsed, signal) => ipfs.cat(parsed, signal ? { signal } : {}),
    mapError: fromKuboError,
    log,
  }, cid, readOptions);


  async function add(content: Uint8Array | AsyncIterable<Uint8Array>, what: string, callOptions: StoreCallOptions): Promise<string> {
    throwIfCancelled(callOptions.signal, `adding ${what}`);
    try {
      const result = await ipfs.add(content, { ...ADD_OPTIONS, ...(callOptions.signal ? { signal: callOptions.signal } : {}) });
      log?.debug({ cid: result.cid.toString(), size: result.size }, "added");
      return result.cid.toV1().toString();
    } catch (error) {
      throw fromKuboError(error, what, callOptions.signal);
    }
  }

  return {
    kind: "kubo",

    addBytes(bytes, callOptions = {}) {
      return add(bytes, "bytes", callOptions);
    },

    async addFile(path, callOptions = {}) {
      const stream = await openFileForImport(path);
      try {
        return await add(stream, path, callOptions);
      } finally {
        stream.destroy();
      }
    },

    cat,
    ...readsFromCat(cat),

    async has(cid, callOptions = {}) {
      let parsed: CID;
      try {
        parsed = parseCid(cid);
      } catch {
        return false;
      }
      try {
        await ipfs.block.stat(parsed, offline(callOptions.signal));
        for await (const ref of ipfs.refs(parsed, { recursive: true, ...offline(callOptions.signal) })) {
          if (ref.err != null) return false;
        }
        return true;
      } catch (error) {
        const mapped = fromKuboError(error, cid, callOptions.signal);
        if (mapped.code === "NOT_FOUND") return false;
        throw mapped;
      }
    },

    async getBlock(cid, callOptions = {}) {
      const parsed = parseCid(cid);
      try {
        return await ipfs.block.get(parsed, offline(callOptions.signal));
      } catch (error) {
        const mapped = fromKuboError(error, cid, callOptions.signal);
        if (mapped.code === "NOT_FOUND") return undefined;
        throw mapped;
      }
    },

    async close() {
      // The client holds no connection open between calls; the node itself keeps running.
      log?.info({ url: url.origin }, "content store closed");
    },
  };
}

/** Maps kubo-rpc-client errors (HTTP errors carry Kubo's own message) to a StorageError. */
export function fromKuboError(error: unknown, what: string, signal: AbortSignal | undefined): StorageError {
  if (error instanceof StorageError) return error;
  if (signal?.aborted === true) return new StorageError("CANCELLED", `${what} was cancelled`, { cause: error });
  const message = messageOf(error);
  if (/not found|could not find|no link named/i.test(message)) {
    return new StorageError("NOT_FOUND", `${what} is not stored by the Kubo node: ${message}`, { cause: error });
  }
  if (/is a directory|not a file|unsupported|invalid (cid|path)|selected encoding not supported/i.test(message)) {
    return new StorageError("INVALID_CID", `${what}: ${message}`, { cause: error });
  }
  return new StorageError("UNAVAILABLE", `${what}: the Kubo node failed: ${message}`, { cause: error });
}
