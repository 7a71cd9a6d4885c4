/** A running node daemon, as its CLI command and tests hold it. */
export interface DaemonHandle {
  /**
   * Graceful shutdown (SIGTERM): no new work is taken; work in flight may finish within `graceMs` (default the
   * config's drain grace); past it, it is cancelled (a worker hands its tasks back). Resolves once stopped.
   */
  stop(graceMs?: number): Promise<void>;
  /**
   * Stops at once, handing nothing back: what `kill -9` leaves behind (for tests of a restart; the state is in the
   * manager's database and the content store, so a new daemon resumes).
   */
  kill(): Promise<void>;
  /** Resolves when the daemon has stopped, however. */
  done: Promise<void>;
  /** Work in flight (attempt ids) with its progress in [0, 1]. */
  inFlight(): { attemptId: number; fraction: number }[];
  /** The metrics server's port, when `metricsPort` is set. */
  metricsPort?: number;
}
