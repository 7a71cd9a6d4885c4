import type { Logger } from "../../log/createLogger.js";

export interface Daemon {
  stop(graceMs?: number): Promise<void>;
  done: Promise<void>;
}

/**
 * Keeps a started daemon running until SIGTERM or SIGINT, then drains it (`stop`: work in progress gets the daemon's
 * grace period) and resolves; a second signal while draining leaves at once, as an operator who presses Ctrl-C twice
 * expects. Signal handlers are removed afterwards, so tests can run daemons in one process.
 */
export async function runUntilSignalled(daemon: Daemon, logger: Logger, signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT"]): Promise<void> {
  let received = 0;
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  // Ends when a signal's drain ends (even if a round outlived the grace period and `done` never comes), or when the
  // daemon stopped on its own and is closed.
  const finished = new Promise<void>((resolve, reject) => {
    onSignal = (signal) => {
      received++;
      if (received > 1) {
        logger.warn({ signal }, "second signal: leaving without draining");
        process.exit(130);
      }
      logger.info({ signal }, "signal received: draining");
      daemon.stop().then(resolve, reject);
    };
    daemon.done.then(() => daemon.stop()).then(resolve, reject);
  });
  for (const signal of signals) process.on(signal, onSignal);
  try {
    await finished;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
  }
}
