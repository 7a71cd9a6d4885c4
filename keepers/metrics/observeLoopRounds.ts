import type { LoopMetrics } from "./createMetrics.js";

/**
 * `runLoop`'s `onRound` for the loop `loop`: each round's duration into `loop_round_seconds{loop}`, a failed one also
 * into `loop_failures_total{loop}`.
 */
export function observeLoopRounds(metrics: LoopMetrics, loop: string): (seconds: number, failed: boolean) => void {
  const rounds = metrics.loopRoundSeconds.labels({ loop });
  const failures = metrics.loopFailures.labels({ loop });
  failures.inc(0); // the series exists from the start, so a rate over it is 0 rather than absent
  return (seconds, failed) => {
    rounds.observe(seconds);
    if (failed) failures.inc();
  };
}
