export type KeyErrorCode = "KEY_MISSING" | "KEY_INVALID" | "KEY_AMBIGUOUS" | "KEYSTORE_UNREADABLE" | "KEYSTORE_INVALID" | "KEYSTORE_PASSWORD";

/** A key that cannot be had: missing, malformed, or a keystore that does not open. Never carries the key itself. */
export class KeyError extends Error {
  override readonly name = "KeyError";
  constructor(readonly code: KeyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
