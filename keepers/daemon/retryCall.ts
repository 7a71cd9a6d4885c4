import type { Logger } from "../log/createLogger.js";
import { pause } from "./runLoop.js";

/** Whether an error says the same call may work later: the taxonomies of the keepers carry a `retryable` flag. */
export function isRetryable(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { retryable?: unknown }).retryable === true;
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** First pause, doubled per failure. */
  backoffMs: number;
  signal: AbortSignal;
  logger: Logger;
}

/**
 * One step of a task (an upload, a report to the manager) tried again with backoff while it fails retryably: a
 * manager restarting or a network blip must not cost a whole render. A refusal, or the last try's failure, is thrown.
 */
export async function retryCall<T>(what: string, call: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (options.signal.aborted || !isRetryable(error) || attempt >= options.attempts) throw error;
      const waitMs = options.backoffMs * 2 ** (attempt - 1);
      options.logger.warn({ err: error, attempt, retryInMs: waitMs }, `${what} failed; retrying`);
      await pause(waitMs, options.signal);
      if (options.signal.aborted) throw error;
    }
  }
}
