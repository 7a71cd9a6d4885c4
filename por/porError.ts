export type PorErrorCode =
  /** No valid place for a mark in every frame of the task (a crowded or mostly hidden view, too many marks). */
  | "PLACEMENT_FAILED"
  /** The key lacks what the operation needs (placements for the frame, the key-aware detector's imprints). */
  | "KEY_INCOMPLETE"
  /** An image that does not fit the key or the operation (size, frame). */
  | "IMAGE_INVALID";

/**
 * The one error class of `por/`, with a code. Nothing here is retryable: every operation is deterministic in its
 * inputs, so the same call fails the same way (a manager retries placement with another task id or fewer marks).
 */
export class PorError extends Error {
  override readonly name = "PorError";
  readonly retryable = false;

  constructor(
    readonly code: PorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
