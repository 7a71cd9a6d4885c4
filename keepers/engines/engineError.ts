export type EngineErrorCode = "SCENE_INVALID" | "ENGINE_MISSING" | "TIMEOUT" | "ENGINE_CRASH" | "CANCELLED" | "OPTIONS_INVALID";

/** Whether the same call may succeed if simply tried again (on this node or another). */
const RETRYABLE: Readonly<Record<EngineErrorCode, boolean>> = {
  SCENE_INVALID: false,
  ENGINE_MISSING: false,
  TIMEOUT: true,
  ENGINE_CRASH: true,
  CANCELLED: false,
  OPTIONS_INVALID: false,
};

/**
 * The one error every engine raises. The code says what went wrong for a program (a worker reports SCENE_INVALID to
 * the manager rather than retrying it); the message says it for a person, naming the file or the value at fault.
 */
export class EngineError extends Error {
  override readonly name = "EngineError";
  readonly retryable: boolean;

  constructor(
    readonly code: EngineErrorCode,
    /** The message without the code. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
    this.retryable = RETRYABLE[code];
  }
}

export function isEngineError(error: unknown, code?: EngineErrorCode): error is EngineError {
  return error instanceof EngineError && (code === undefined || error.code === code);
}

/** Wraps anything thrown by engine code that is not already an `EngineError` as an engine crash. */
export function asEngineError(error: unknown, context: string): EngineError {
  if (error instanceof EngineError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new EngineError("ENGINE_CRASH", `${context}: ${detail}`, { cause: error });
}
