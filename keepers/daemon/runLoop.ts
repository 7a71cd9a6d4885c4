import type { Logger } from "../log/createLogger.js";

export interface LoopOptions {
  /** Pause between two rounds that went well, ms. */
  intervalMs: number;
  /** First pause after a failed round, doubled per consecutive failure up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  signal: AbortSignal;
  logger: Logger;
  /** Called after every round with its duration and whether it failed (metrics). */
  onRound?: (seconds: number, failed: boolean) => void;
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects: a loop checks the signal itself). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Runs `round` until `signal` aborts: one round at a time (never two overlapping), `intervalMs` apart. A round that
 * throws is logged and retried after an exponential backoff (RPC or storage down, the database restarting): a daemon
 * outlives the services it depends on. A round in progress is never interrupted here; it receives the signal and
 * decides how to stop. Resolves when the loop has stopped.
 */
export async function runLoop(name: string, round: (signal: AbortSignal) => Promise<unknown>, options: LoopOptions): Promise<void> {
  const backoff = options.backoffMs ?? 1_000;
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  let failures = 0;
  while (!options.signal.aborted) {
    const started = performance.now();
    try {
      await round(options.signal);
      failures = 0;
      options.onRound?.((performance.now() - started) / 1000, false);
    } catch (error) {
      if (options.signal.aborted) break;
      failures++;
      options.onRound?.((performance.now() - started) / 1000, true);
      const waitMs = Math.min(maxBackoff, backoff * 2 ** (failures - 1));
      options.logger.warn({ err: error, loop: name, failures, retryInMs: waitMs }, `${name} failed; retrying`);
      await pause(waitMs, options.signal);
      continue;
    }
    await pause(options.intervalMs, options.signal);
  }
}
