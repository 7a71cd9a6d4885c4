import type { LocalAccount } from "viem";
import { signNodeRequest } from "../auth/nodeRequest.js";

/** How a node daemon reaches its manager: the base URL and who it is. */
export interface ManagerEndpoint {
  /** The manager's base URL (its API, gateway and upload share one server). */
  url: string;
  chainId: number;
  nodeId: bigint;
  operator: LocalAccount;
}

/** Answers that say "not now" rather than "no": the manager's own failure, or its chain node not answering. */
const RETRYABLE_CODES = new Set(["INTERNAL_SERVER_ERROR", "UNAVAILABLE"]);

/** A call the manager refused or could not answer. `retryable`: a network failure or a 5xx, worth trying again. */
export class ManagerCallError extends Error {
  override readonly name = "ManagerCallError";
  constructor(message: string, readonly code: string, readonly retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * One GraphQL operation of the manager's node API, signed by the node's operator key: the `input` variable is what is
 * signed (keepers/auth), exactly as sent. Returns the operation's data field; GraphQL errors become `ManagerCallError`
 * with the error's code (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, CONFLICT, ...).
 */
export async function callManager<T>(endpoint: ManagerEndpoint, operation: string, document: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  const variables = JSON.stringify(input);
  const headers = await signNodeRequest(endpoint.operator, endpoint.chainId, endpoint.nodeId, operation, variables);
  const body = `{"query":${JSON.stringify(document)},"variables":{"input":${variables}}}`;
  let response: Response;
  try {
    response = await fetch(new URL("/graphql", endpoint.url), { method: "POST", headers: { ...headers, "content-type": "application/json" }, body, ...(signal ? { signal } : {}) });
  } catch (error) {
    throw new ManagerCallError(`cannot reach the manager at ${endpoint.url}: ${(error as Error).message}`, "UNREACHABLE", true, { cause: error });
  }
  const answer = (await response.json().catch(() => null)) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  const first = answer?.errors?.[0];
  if (first) throw new ManagerCallError(`${operation}: ${first.message}`, first.extensions?.code ?? `HTTP_${response.status}`, response.status >= 500 || RETRYABLE_CODES.has(first.extensions?.code ?? ""));
  if (!response.ok || !answer?.data || !(operation in answer.data)) throw new ManagerCallError(`${operation}: the manager answered ${response.status} without data`, `HTTP_${response.status}`, response.status >= 500);
  return answer.data[operation] as T;
}
