import { randomBytes } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { open, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CID } from "multiformats/cid";
import type { Logger } from "pino";
import { IMPORT_LAYOUT, type ContentStore, type ReadOptions } from "./contentStore.js";
import { StorageError, messageOf } from "./storageError.js";

/** Multicodec codes of the blocks a UnixFS file is made of, and of its one hash. */
export const RAW_CODEC = 0x55;
export const DAG_PB_CODEC = 0x70;
export const SHA2_256 = 0x12;

/** Parses a CID string a store can hold as a file: raw or dag-pb, sha2-256 (CIDv0 `Qm...` is accepted). */
export function parseCid(cid: string): CID {
  let parsed: CID;
  try {
    parsed = CID.parse(cid.trim());
  } catch (error) {
    throw new StorageError("INVALID_CID", `not a CID: "${cid.slice(0, 100)}" (${messageOf(error)})`, { cause: error });
  }
  if (parsed.code !== RAW_CODEC && parsed.code !== DAG_PB_CODEC) {
    throw new StorageError("INVALID_CID", `${cid} has codec 0x${parsed.code.toString(16)}, not raw (0x55) or dag-pb (0x70): not a UnixFS file`);
  }
  if (parsed.multihash.code !== SHA2_256) {
    throw new StorageError("INVALID_CID", `${cid} uses hash 0x${parsed.multihash.code.toString(16)}, only sha2-256 (0x12) is accepted`);
  }
  return parsed;
}

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted === true) throw new StorageError("CANCELLED", `${what} was cancelled`, { cause: signal.reason });
}

/** Checks a declared size against the caller's limit, before anything is read. */
export function checkDeclaredSize(cid: string, size: number, maxBytes: number | undefined): void {
  if (maxBytes !== undefined && size > maxBytes) {
    throw new StorageError("TOO_LARGE", `${cid} is ${size} bytes, more than the ${maxBytes} bytes accepted`);
  }
}

export function checkMaxBytes(maxBytes: number | undefined): void {
  if (maxBytes !== undefined && (!Number.isSafeInteger(maxBytes) || maxBytes < 0)) {
    throw new StorageError("TOO_LARGE", `maxBytes must be a non-negative integer, got ${maxBytes}`);
  }
}

/** Passes chunks through, failing with TOO_LARGE once more than `maxBytes` went by (content longer than declared). */
export async function* limitBytes(cid: string, source: AsyncIterable<Uint8Array>, maxBytes: number | undefined): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (maxBytes !== undefined && total > maxBytes) {
      throw new StorageError("TOO_LARGE", `${cid} has more than the ${maxBytes} bytes accepted`);
    }
    yield chunk;
  }
}

/** Concatenates a stream. */
export async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Writes a stream to `path` atomically: into a temporary file in the same directory, synced, then renamed over
 * `path`. On any failure the temporary file is removed and `path` is untouched. Errors of the stream pass through
 * (they are already StorageErrors); file system errors become `IO`.
 */
export async function writeFileAtomically(path: string, source: AsyncIterable<Uint8Array>): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.part`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, "wx");
  } catch (error) {
    throw new StorageError("IO", `cannot create ${temporary}: ${messageOf(error)}`, { cause: error });
  }
  let renamed = false;
  try {
    for await (const chunk of source) {
      await writeAll(handle, chunk, path);
    }
    await asIo(handle.sync(), `cannot sync ${temporary}`);
    await asIo(handle.close(), `cannot close ${temporary}`);
    handle = undefined;
    await asIo(rename(temporary, path), `cannot rename ${temporary} to ${path}`);
    renamed = true;
  } finally {
    if (handle !== undefined) await handle.close().catch(() => undefined);
    if (!renamed) await rm(temporary, { force: true }).catch(() => undefined);
  }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array, path: string): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    const { bytesWritten } = await asIo(handle.write(chunk, written, chunk.byteLength - written), `cannot write ${path}`);
    written += bytesWritten;
  }
}

async function asIo<T>(promise: Promise<T>, what: string): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw new StorageError("IO", `${what}: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * The reads every store derives from its `cat`: the whole content in memory (bounded by `maxBytes`, which `cat`
 * enforces) and a file written atomically. One definition, so both backends refuse and write the same way.
 */
export function readsFromCat(cat: ContentStore["cat"]): Pick<ContentStore, "getBytes" | "saveFile"> {
  return {
    getBytes: (cid, readOptions) => collect(cat(cid, readOptions)),
    async saveFile(cid, path, readOptions = {}) {
      parseCid(cid);
      await writeFileAtomically(path, cat(cid, readOptions));
    },
  };
}

/** A file's bytes as the importer reads them (chunk-sized reads), after checking it is a readable regular file (IO). */
export async function openFileForImport(path: string): Promise<ReadStream> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a regular file");
  } catch (error) {
    throw new StorageError("IO", `cannot read ${path}: ${messageOf(error)}`, { cause: error });
  }
  return createReadStream(path, { highWaterMark: IMPORT_LAYOUT.chunkSize });
}

/** What a backend gives `checkedCat`: the file's declared size, its bytes, and its errors in the store's taxonomy. */
export interface CatBackend {
  size(cid: CID, signal: AbortSignal | undefined): Promise<number>;
  open(cid: CID, signal: AbortSignal | undefined): AsyncIterable<Uint8Array>;
  mapError(error: unknown, cid: string, signal: AbortSignal | undefined): StorageError;
  log: Logger | undefined;
}

/**
 * Every store's `cat`: the cap checked, the CID parsed, the declared size refused past `maxBytes` before a byte is
 * read, the stream cut at the cap, and any failure mapped and logged once. The backends differ only in `CatBackend`.
 */
export async function* checkedCat(backend: CatBackend, cid: string, readOptions: ReadOptions = {}): AsyncGenerator<Uint8Array> {
  const { signal, maxBytes } = readOptions;
  checkMaxBytes(maxBytes);
  const parsed = parseCid(cid);
  throwIfCancelled(signal, `reading ${cid}`);
  try {
    checkDeclaredSize(cid, await backend.size(parsed, signal), maxBytes);
    yield* limitBytes(cid, backend.open(parsed, signal), maxBytes);
  } catch (error) {
    const mapped = backend.mapError(error, cid, signal);
    backend.log?.warn({ cid, code: mapped.code, err: mapped.detail }, "content read failed");
    throw mapped;
  }
}
