/** viem's errors for a request that got no JSON-RPC answer at all (as opposed to an answer that is an error). */
const TRANSPORT_ERRORS = new Set(["HttpRequestError", "TimeoutError", "SocketClosedError", "WebSocketRequestError"]);

/**
 * Whether an error, or any error it wraps (viem nests the transport's under the call's), is the chain node not
 * answering: down, unreachable, timing out or answering HTTP errors. Such a failure says nothing about the request and
 * is worth retrying; a revert or a bad parameter is an answer and is not.
 */
export function isChainUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 16; depth++) {
    if (TRANSPORT_ERRORS.has(current.name)) return true;
    current = current.cause;
  }
  return false;
}
