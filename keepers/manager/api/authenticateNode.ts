import { GraphQLError } from "graphql";
import type { YogaInitialContext } from "graphql-yoga";
import { AuthError, verifyNodeRequest } from "../../auth/verifyNodeRequest.js";
import type { ManagerApiDeps, NodeView } from "./managerApiDeps.js";

export type ApiContext = YogaInitialContext & { deps: ManagerApiDeps };

/**
 * The node calling `operation`: its signed headers checked over JSON.stringify(input) exactly as sent (the raw
 * variables, before GraphQL coerces them), its operator checked against the registry, and its kind against the
 * operation's. A GraphQL error UNAUTHENTICATED (or FORBIDDEN for the wrong kind) otherwise.
 */
export async function authenticateNode(context: ApiContext, operation: string, kind: NodeView["kind"]): Promise<{ nodeId: bigint; view: NodeView }> {
  const { deps } = context;
  const input = (context.params.variables as Record<string, unknown> | undefined)?.["input"];
  if (input === undefined) throw new GraphQLError("node operations take their arguments as the `input` variable, which is what the node signs", { extensions: { code: "BAD_USER_INPUT" } });
  const headers = Object.fromEntries(context.request.headers.entries());
  let view: NodeView | null = null;
  try {
    const nodeId = await verifyNodeRequest(headers, JSON.stringify(input), {
      chainId: deps.chainId,
      operation,
      operatorOf: async (id) => (view = await deps.nodeView(id))?.operator ?? null,
      claimNonce: (id, nonce, until) => deps.nonces.claim(id, nonce, until),
    });
    const seen = view as NodeView | null;
    if (!seen || seen.kind !== kind) throw new GraphQLError(`${operation} is for ${kind}s; node ${nodeId} is a ${seen?.kind ?? "unknown node"}`, { extensions: { code: "FORBIDDEN" } });
    return { nodeId, view: seen };
  } catch (error) {
    if (error instanceof AuthError) throw new GraphQLError(error.message, { extensions: { code: "UNAUTHENTICATED", reason: error.code, http: { status: 401 } } });
    throw error;
  }
}

/** The input's nodeId must be the node that signed: a node acts only for itself. */
export function requireSelf(nodeId: bigint, input: { nodeId: string }): void {
  if (input.nodeId !== nodeId.toString()) throw new GraphQLError(`node ${nodeId} cannot act for node ${input.nodeId}`, { extensions: { code: "FORBIDDEN" } });
}
