/**
 * The work a daemon has in flight, by key (an attempt id): each piece with its own AbortController, so a drain can
 * wait for all of it and, past the grace period, cancel what is left and say which pieces were cancelled.
 */
export class InFlightWork<K> {
  private readonly running = new Map<K, { controller: AbortController; done: Promise<void> }>();

  get size(): number {
    return this.running.size;
  }

  has(key: K): boolean {
    return this.running.has(key);
  }

  keys(): K[] {
    return [...this.running.keys()];
  }

  /**
   * Runs `work` under `key` (never twice at once); it is forgotten when it settles. Resolves when it has (never
   * rejects: `work` handles its own errors, and anything it lets through is dropped here).
   */
  start(key: K, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const running = this.running.get(key);
    if (running) return running.done;
    const controller = new AbortController();
    const done = work(controller.signal).catch(() => {}).finally(() => this.running.delete(key));
    this.running.set(key, { controller, done });
    return done;
  }

  /** Waits for the work in flight for up to `graceMs`; then cancels what is left and returns its keys. */
  async drain(graceMs: number): Promise<K[]> {
    const all = Promise.all([...this.running.values()].map((w) => w.done));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)))]);
    clearTimeout(timer);
    if (!timedOut) return [];
    return this.cancelAll();
  }

  /** Cancels everything in flight now and waits for it to stop; returns the keys cancelled. */
  async cancelAll(): Promise<K[]> {
    const left = [...this.running.entries()];
    for (const [, w] of left) w.controller.abort(new Error("the daemon is stopping"));
    await Promise.all(left.map(([, w]) => w.done));
    return left.map(([key]) => key);
  }
}
