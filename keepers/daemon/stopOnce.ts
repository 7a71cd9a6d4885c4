import type { DaemonHandle } from "./daemonHandle.js";

/**
 * A daemon's stop, kill and done from its one shutdown routine: whichever comes first runs it, once (a second SIGTERM
 * or a kill during a drain joins the shutdown in progress). `graceMs` is null for a kill. `done` resolves when the
 * shutdown ends, even a failed one: its error goes to the caller of stop or kill.
 */
export function stopOnce(shutDown: (graceMs: number | null) => Promise<void>, defaultGraceMs: number): Pick<DaemonHandle, "stop" | "kill" | "done"> {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let stopping: Promise<void> | undefined;
  const run = (graceMs: number | null) => (stopping ??= shutDown(graceMs).finally(finish));
  return { stop: (graceMs = defaultGraceMs) => run(graceMs), kill: () => run(null), done };
}
