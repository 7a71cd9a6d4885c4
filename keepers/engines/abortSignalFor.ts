/** The caller's signal and the timeout as one; remembers which fired so the error can say TIMEOUT or CANCELLED. */
export function abortSignalFor(signal: AbortSignal | undefined, timeoutMs: number | undefined): { signal: AbortSignal; timedOut: () => boolean } {
  const signals = signal ? [signal] : [];
  const timeout = timeoutMs !== undefined ? AbortSignal.timeout(timeoutMs) : null;
  if (timeout) signals.push(timeout);
  return { signal: AbortSignal.any(signals), timedOut: () => timeout?.aborted === true };
}
