import type { DaemonHandle } from "../../daemon/daemonHandle.js";
import type { Logger } from "../../log/createLogger.js";
import { EXIT } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

/**
 * Runs a node daemon until a signal (STYLE 12): the first SIGTERM or SIGINT drains (no new work, in-flight work within
 * the grace period), a second one stops at once. Exits 0 once stopped; the state needed to resume is in the manager's
 * database, the content store and (verifier) its own database, so either way a restart picks up where it stopped.
 */
export async function runDaemon(context: CommandContext, logger: Logger, handle: DaemonHandle): Promise<void> {
  let signalled = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled++;
    if (signalled === 1) {
      logger.info({ signal }, "signal received: draining, then stopping (send it again to stop at once)");
      void handle.stop();
    } else {
      logger.warn({ signal }, "second signal: stopping now");
      void handle.kill();
    }
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    await handle.done;
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
  context.setExit(EXIT.OK);
}
