export type StorageErrorCode =
  /** The content is neither stored here nor served by any gateway asked (each answered 404), or no gateway is set. */
  | "NOT_FOUND"
  /** The content is larger than the caller's `maxBytes`: refused before it is read. */
  | "TOO_LARGE"
  /** Not a CID, or a CID this store cannot hold as a file (a codec other than raw or dag-pb, a hash other than sha2-256, a directory). */
  | "INVALID_CID"
  /** A gateway or the Kubo node could not be reached, failed or timed out: the same call may work later. */
  | "UNAVAILABLE"
  /** Every gateway that answered sent bytes that do not hash to the CID: a faulty or malicious source, refused. */
  | "CORRUPT"
  /** The caller's `AbortSignal` fired. */
  | "CANCELLED"
  /** A local file could not be read or written (a missing input file, a full disk, no permission). */
  | "IO"
  /** The store's configuration is invalid (the message names the field). */
  | "CONFIG_INVALID";

/** Whether the same call may succeed if simply tried again (later, or on another node). */
const RETRYABLE: Readonly<Record<StorageErrorCode, boolean>> = {
  NOT_FOUND: false,
  TOO_LARGE: false,
  INVALID_CID: false,
  UNAVAILABLE: true,
  CORRUPT: false,
  CANCELLED: false,
  IO: false,
  CONFIG_INVALID: false,
};

/**
 * The one error every content store raises, whichever the backend (embedded Helia or Kubo). The code says what went
 * wrong for a program (a worker reports CORRUPT against the daemon that served the scene rather than retrying it,
 * and retries UNAVAILABLE); the message says it for a person, naming the CID, the gateway or the file.
 */
export class StorageError extends Error {
  override readonly name = "StorageError";
  readonly retryable: boolean;

  constructor(
    readonly code: StorageErrorCode,
    /** The message without the code. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
    this.retryable = RETRYABLE[code];
  }
}

export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}

/** The message of anything thrown, for the detail of a wrapping error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
