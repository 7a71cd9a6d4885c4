/** A task that failed retryably waits this long (doubled per failure, up to the cap) before a poll starts it again. */
const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 120_000;

/**
 * What a worker remembers of its failed tasks, in memory only (a restart simply tries them again): retryable
 * failures (storage or manager down) wait with backoff; a task that cannot succeed here (a corrupt scene, an engine
 * this node lacks) is never started again by this process, and times out at the manager, which reassigns it.
 */
export class TaskRetries {
  private readonly waiting = new Map<number, { failures: number; at: number }>();
  private readonly givenUp = new Set<number>();

  /** Whether the attempt may start now. */
  ready(attemptId: number, now = Date.now()): boolean {
    return !this.givenUp.has(attemptId) && (this.waiting.get(attemptId)?.at ?? 0) <= now;
  }

  /** Records a retryable failure; returns the failures so far and the wait before the next try. */
  failed(attemptId: number, now = Date.now()): { failures: number; retryInMs: number } {
    const failures = (this.waiting.get(attemptId)?.failures ?? 0) + 1;
    const retryInMs = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1));
    this.waiting.set(attemptId, { failures, at: now + retryInMs });
    return { failures, retryInMs };
  }

  giveUp(attemptId: number): void {
    this.givenUp.add(attemptId);
  }

  succeeded(attemptId: number): void {
    this.waiting.delete(attemptId);
  }
}
