/** The manager sent something this verifier cannot judge with: not a verdict on the worker, so none is given. */
export class JudgeError extends Error {
  override readonly name = "JudgeError";
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
