import { join } from "node:path";
import { fallbackRouter } from "@helia/fallback-router";
import { trustlessGatewayBlockBroker } from "@helia/trustless-gateway-client";
import { unixfs } from "@helia/unixfs";
import { FsBlockstore } from "blockstore-fs";
import { FsDatastore } from "datastore-fs";
import { createHeliaLight, type Router } from "helia";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import type { CID } from "multiformats/cid";
import type { Logger } from "pino";
import { IMPORT_LAYOUT, type ContentStore, type ReadOptions, type StoreCallOptions } from "./contentStore.js";
import {
  DAG_PB_CODEC,
  RAW_CODEC,
  collect,
  parseCid,
  throwIfCancelled,
  checkedCat,
  openFileForImport,
  readsFromCat,
} from "./contentIo.js";
import { StorageError, messageOf } from "./storageError.js";

export interface HeliaStoreOptions {
  /** The store's directory: blocks in `blocks/`, Helia's datastore in `datastore/`. Kept across restarts. */
  dir: string;
  /**
   * HTTP(S) base URLs of other daemons serving `serveBlocks` at `/ipfs/` (any path of the URL is ignored). Blocks not
   * stored here are fetched from them, each verified against its CID. None: the store is offline.
   */
  gateways?: readonly string[];
  /** How long one block request to a gateway may take, connection to last byte. Default 30 s. */
  fetchTimeoutMs?: number;
  logger?: Logger;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;

/**
 * Blocks a read loads ahead of the one it yields (fetched in parallel from gateways): 16 x 256 KiB = 4 MiB in flight.
 * The exporter's default loads every child of a node at once, up to 174 blocks (44 MiB) ahead of the reader.
 */
const BLOCK_READ_CONCURRENCY = 16;

const importerOptions = {
  cidVersion: IMPORT_LAYOUT.cidVersion,
  rawLeaves: IMPORT_LAYOUT.rawLeaves,
  chunker: fixedSize({ chunkSize: IMPORT_LAYOUT.chunkSize }),
  layout: balanced({ maxChildrenPerNode: IMPORT_LAYOUT.maxChildrenPerNode }),
  reduceSingleLeafToSelf: true,
} as const;

/**
 * @notice An embedded Helia node (`createHeliaLight`: no libp2p, no DHT, no Bitswap) over a filesystem blockstore.
 * With `gateways`, missing blocks come from other daemons over HTTP through Helia's trustless-gateway block broker,
 * which hashes every block and refuses one that does not match its CID.
 */
export async function createHeliaStore(options: HeliaStoreOptions): Promise<ContentStore> {
  const gateways = [...(options.gateways ?? [])].map(checkGatewayUrl);
  const fetchTimeoutMs = options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  if (!Number.isSafeInteger(fetchTimeoutMs) || fetchTimeoutMs <= 0) {
    throw new StorageError("CONFIG_INVALID", `fetchTimeoutMs must be a positive integer of milliseconds, got ${fetchTimeoutMs}`);
  }
  const blockstore = new FsBlockstore(join(options.dir, "blocks"));
  const datastore = new FsDatastore(join(options.dir, "datastore"));
  try {
    await blockstore.open();
    await datastore.open();
  } catch (error) {
    throw new StorageError("IO", `cannot open the store in ${options.dir}: ${messageOf(error)}`, { cause: error });
  }
  const online = gateways.length > 0;
  const helia = createHeliaLight({
    blockstore,
    datastore,
    ...(online
      ? {
          routers: [gatewayRouter(gateways)],
          blockBrokers: [
            trustlessGatewayBlockBroker({
              allowInsecure: true,
              allowLocal: true,
              // One deadline per block request, on top of the caller's signal.
              transformRequestInit: (init) => ({
                ...init,
                signal: init.signal == null ? AbortSignal.timeout(fetchTimeoutMs) : AbortSignal.any([init.signal, AbortSignal.timeout(fetchTimeoutMs)]),
              }),
            }),
          ],
        }
      : {}),
  });
  await helia.start();
  const fs = unixfs(helia);
  const log = options.logger?.child({ component: "storage", backend: "helia" });
  log?.info({ dir: options.dir, gateways }, "content store open");

  /** The file's size from its root block (fetched and verified if need be). */
  async function fileSize(cid: CID, signal: AbortSignal | undefined): Promise<number> {
    const stats = await fs.stat(cid, { offline: !online, ...(signal ? { signal } : {}) });
    if (stats.type === "directory") throw new StorageError("INVALID_CID", `${cid} is a UnixFS directory, not a file`);
    return Number(stats.size);
  }

  const cat = (cid: string, readOptions: ReadOptions = {}): AsyncGenerator<Uint8Array> => checkedCat({
    size: fileSize,
    open: (parsed, signal) => {
      // blockReadConcurrency is read by the UnixFS exporter underneath, though CatOptions does not declare it.
      const reading = { offline: !online, blockReadConcurrency: BLOCK_READ_CONCURRENCY, ...(signal ? { signal } : {}) };
      return fs.cat(parsed, reading);
    },
    mapError: (error, what, signal) => fromHeliaError(error, what, signal, gateways),
    log,
  }, cid, readOptions);


  async function has(cid: string, callOptions: StoreCallOptions = {}): Promise<boolean> {
    let root: CID;
    try {
      root = parseCid(cid);
    } catch {
      return false;
    }
    const seen = new Set<string>();
    const pending: CID[] = [root];
    const dagPb = await helia.getCodec(DAG_PB_CODEC);
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      throwIfCancelled(callOptions.signal, `checking ${cid}`);
      const key = next.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      if (!(await blockstore.has(next))) return false;
      if (next.code === RAW_CODEC) continue;
      if (next.code !== DAG_PB_CODEC) return false;
      const node = dagPb.decode(await collect(blockstore.get(next))) as { Links: Array<{ Hash: CID }> };
      for (const link of node.Links) pending.push(link.Hash);
    }
    return true;
  }

  return {
    kind: "helia",

    async addBytes(bytes, callOptions = {}) {
      throwIfCancelled(callOptions.signal, "adding bytes");
      try {
        const cid = await fs.addBytes(bytes, { ...importerOptions, ...(callOptions.signal ? { signal: callOptions.signal } : {}) });
        log?.debug({ cid: cid.toString(), bytes: bytes.byteLength }, "added bytes");
        return cid.toString();
      } catch (error) {
        throw fromHeliaError(error, "new content", callOptions.signal, gateways);
      }
    },

    async addFile(path, callOptions = {}) {
      throwIfCancelled(callOptions.signal, `adding ${path}`);
      const stream = await openFileForImport(path);
      try {
        const cid = await fs.addByteStream(stream, { ...importerOptions, ...(callOptions.signal ? { signal: callOptions.signal } : {}) });
        log?.debug({ cid: cid.toString(), path }, "added file");
        return cid.toString();
      } catch (error) {
        if (isNodeIoError(error)) throw new StorageError("IO", `cannot read ${path}: ${messageOf(error)}`, { cause: error });
        throw fromHeliaError(error, path, callOptions.signal, gateways);
      } finally {
        stream.destroy();
      }
    },

    cat,
    ...readsFromCat(cat),

    has,

    async getBlock(cid, callOptions = {}) {
      const parsed = parseCid(cid);
      if (!(await blockstore.has(parsed, callOptions))) return undefined;
      try {
        return await collect(blockstore.get(parsed, callOptions));
      } catch (error) {
        if (errorName(error) === "NotFoundError") return undefined;
        throw new StorageError("IO", `cannot read block ${cid}: ${messageOf(error)}`, { cause: error });
      }
    },

    async close() {
      await helia.stop();
      await blockstore.close();
      await datastore.close();
      log?.info({ dir: options.dir }, "content store closed");
    },
  };
}

/**
 * The gateways as Helia content routing: every gateway is offered as a provider of every CID. `fallbackRouter` does
 * this, but Helia 7.1 consults "fallback" routers only after its default ones, and with no default router its provider
 * search never ends (it waits for an idle queue that nothing fills): so it is wrapped as a plain router.
 */
function gatewayRouter(gateways: string[]): Router {
  const inner = fallbackRouter({ gateways, shuffle: true });
  const findProviders = inner.findProviders?.bind(inner);
  if (findProviders === undefined) throw new Error("@helia/fallback-router no longer finds providers");
  return { name: "inferix-gateways", findProviders };
}

function checkGatewayUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StorageError("CONFIG_INVALID", `gateway "${url}" is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new StorageError("CONFIG_INVALID", `gateway "${url}" is not http(s)`);
  }
  return parsed.origin;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function isNodeIoError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) && code !== "ERR_ABORTED";
}

/**
 * Maps what Helia throws to a StorageError. A block fetch that failed everywhere is a `LoadBlockFailedError` holding
 * the broker's error: an AggregateError of one error per gateway (404s, connection or timeout failures), or a plain
 * error when every gateway answered with a block that failed verification (the broker drops those silently).
 */
export function fromHeliaError(error: unknown, what: string, signal: AbortSignal | undefined, gateways: readonly string[]): StorageError {
  if (error instanceof StorageError) return error;
  if (signal?.aborted === true) return new StorageError("CANCELLED", `reading ${what} was cancelled`, { cause: error });
  const name = errorName(error);
  const message = messageOf(error);
  switch (name) {
    case "BlockNotFoundWhileOfflineError":
      return new StorageError("NOT_FOUND", `${what} is not stored here${gateways.length > 0 ? "" : " and no gateway is configured"}`, { cause: error });
    case "NotAFileError":
    case "NotUnixFSError":
    case "NoResolverError":
      return new StorageError("INVALID_CID", `${what} is not a UnixFS file: ${message}`, { cause: error });
    case "LoadBlockFailedError": {
      const causes = (error as AggregateError).errors ?? [];
      const perGateway = causes.flatMap((cause: unknown) => (cause instanceof AggregateError ? cause.errors : [cause])).map(messageOf);
      const wasAggregate = causes.some((cause: unknown) => cause instanceof AggregateError);
      if (!wasAggregate && perGateway.every((text) => /from any gateway/.test(text))) {
        return new StorageError("CORRUPT", `${what}: every gateway (${gateways.join(", ")}) answered with a block that does not hash to its CID (${message}); nothing was stored`, { cause: error });
      }
      if (perGateway.length > 0 && perGateway.every((text) => /received 404/.test(text))) {
        return new StorageError("NOT_FOUND", `${what}: no gateway has it (${perGateway.join("; ")})`, { cause: error });
      }
      return new StorageError("UNAVAILABLE", `${what}: could not fetch a block from the gateways ${gateways.join(", ")} (${perGateway.join("; ") || message})`, { cause: error });
    }
    default:
      return new StorageError("UNAVAILABLE", `${what}: ${name ?? "error"}: ${message}`, { cause: error });
  }
}
