/**
 * @title Content-addressed storage of the keepers
 * @notice Scenes, marked per-task scenes and rendered frames move between daemons by CID: the manager stores the
 * artist's scene and the marked scenes, a worker fetches its scene by CID and stores its frames, a verifier fetches
 * the frames. Every backend (embedded Helia, a Kubo node) gives the same CID for the same bytes (see `IMPORT_LAYOUT`)
 * and raises only `StorageError`.
 */

/** Options every call takes. */
export interface StoreCallOptions {
  /** Cancels the call: it rejects with `CANCELLED` (a stream throws it at the next chunk). */
  signal?: AbortSignal;
}

export interface ReadOptions extends StoreCallOptions {
  /**
   * @notice The most bytes the caller accepts. Content whose declared size is larger is refused with `TOO_LARGE`
   * before any of it is read (the size comes from the root block, itself verified against the CID); the stream also
   * stops at this many bytes should the content turn out longer.
   */
  maxBytes?: number;
}

export interface ContentStore {
  /** Which backend this is, for logs and metrics. */
  readonly kind: "helia" | "kubo";

  /**
   * @notice Stores bytes as a UnixFS file.
   * @return The file's CIDv1 (base32): `bafkrei...` for up to one chunk (a raw block), `bafybei...` above.
   */
  addBytes(bytes: Uint8Array, options?: StoreCallOptions): Promise<string>;

  /**
   * @notice Stores a file from disk as a UnixFS file, streamed chunk by chunk: a large file is never in memory whole.
   * @dev `IO` when the file cannot be read. The CID is the one `addBytes` gives for the file's bytes.
   */
  addFile(path: string, options?: StoreCallOptions): Promise<string>;

  /**
   * @notice The file's bytes in order, as a stream. Blocks not stored here are fetched (Helia: from the configured
   * gateways; Kubo: by the node) and each is verified against its CID before it is used or kept.
   * @dev Errors come from the iteration: `INVALID_CID`, `NOT_FOUND`, `TOO_LARGE`, `UNAVAILABLE`, `CORRUPT`, `CANCELLED`.
   */
  cat(cid: string, options?: ReadOptions): AsyncIterable<Uint8Array>;

  /**
   * @notice The whole file in memory, for small content (a scene's glTF, a frame's PNG).
   * @param options.maxBytes Required: content declared larger is refused with `TOO_LARGE` before it is read.
   */
  getBytes(cid: string, options: ReadOptions & { maxBytes: number }): Promise<Uint8Array>;

  /**
   * @notice Writes the file to `path`: to a temporary file beside it first, synced, then renamed, so `path` is either
   * absent or complete, never half written (a failed fetch leaves no file at all).
   */
  saveFile(cid: string, path: string, options?: ReadOptions): Promise<void>;

  /**
   * @notice Whether every block of the content is stored here: reading it needs no network. Never fetches.
   * @dev False for an invalid CID rather than an error.
   */
  has(cid: string, options?: StoreCallOptions): Promise<boolean>;

  /**
   * @notice One raw block if it is stored here, else undefined. Never fetches: this is what `serveBlocks` serves.
   * @dev `INVALID_CID` for a string that is not a CID.
   */
  getBlock(cid: string, options?: StoreCallOptions): Promise<Uint8Array | undefined>;

  /** Releases the store (closes the blockstore's files, the client's connections). Calls after it fail. */
  close(): Promise<void>;
}

/**
 * @notice How files become blocks, identical in both backends so a file has one CID wherever it was added: CIDv1,
 * raw leaves, fixed 256 KiB chunks, a balanced tree of at most 174 links per node, sha2-256. These are Kubo's
 * defaults with `--cid-version=1` (its "legacy-cid-v1" profile) and need no Kubo configuration; Helia's own defaults
 * (1 MiB chunks, 1024 links) would give other CIDs for files above 1 MiB.
 */
export const IMPORT_LAYOUT = {
  cidVersion: 1,
  rawLeaves: true,
  chunkSize: 262_144,
  maxChildrenPerNode: 174,
} as const;
