import { GraphQLError } from "graphql";
import { createSchema, createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga";
import { isChainUnavailable } from "../../chain/isChainUnavailable.js";
import { benchmarkMutations, benchmarkQueries } from "./benchmarkResolvers.js";
import { disputeQueries } from "./disputeResolvers.js";
import { jobQueries, taskFields } from "./jobResolvers.js";
import type { ManagerApiDeps } from "./managerApiDeps.js";
import { nodeMutations, nodeQueries } from "./nodeResolvers.js";
import { quoteMutations } from "./quoteResolvers.js";
import { managerSchema } from "./schema.js";
import { settlementMutations, settlementQueries } from "./settlementResolvers.js";
import type { ApiContext } from "./authenticateNode.js";

/** Requests by operation (the document's first field) and outcome code, for the metrics endpoint. */
function countRequests(deps: ManagerApiDeps): Plugin {
  return {
    onExecute({ args }) {
      const definition = args.document.definitions[0];
      const field = definition?.kind === "OperationDefinition" ? definition.selectionSet.selections[0] : undefined;
      const operation = field?.kind === "Field" ? field.name.value : "unknown";
      return {
        onExecuteDone({ result }) {
          const errors = "errors" in result ? (result.errors as readonly { extensions?: { code?: unknown } }[] | undefined) : undefined;
          deps.metrics?.apiRequests.inc({ operation, code: errors?.length ? String(errors[0]!.extensions?.code ?? "ERROR") : "OK" });
        },
      };
    },
  };
}

/** Largest request accepted by default: node inputs are small; scenes go to storage, not through GraphQL. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * The manager's GraphQL API as a fetch handler (graphql-yoga): mount it on node:http (`createServer(api)`) or call
 * `api.fetch` in-process. Errors thrown as GraphQLError (bad input, unauthenticated, forbidden, conflict) reach the
 * caller with their code; the chain node not answering is UNAVAILABLE (retry); anything else is masked as
 * "Unexpected error." and logged, so internals never leak.
 */
export function createManagerApi(deps: ManagerApiDeps): YogaServerInstance<object, { deps: ManagerApiDeps }> {
  const maxBody = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return createYoga<object, { deps: ManagerApiDeps }>({
    schema: createSchema<ApiContext>({
      typeDefs: managerSchema,
      resolvers: {
        Query: { ...jobQueries, ...disputeQueries, ...nodeQueries, ...settlementQueries, ...benchmarkQueries },
        Mutation: { ...quoteMutations, ...nodeMutations, ...settlementMutations, ...benchmarkMutations },
        Task: taskFields,
      },
    }),
    context: () => ({ deps }),
    graphqlEndpoint: "/graphql",
    landingPage: false,
    logging: false,
    maskedErrors: {
      maskError: (error, message) => {
        const original = (error as { originalError?: unknown }).originalError;
        if (original === undefined || (original as { extensions?: unknown })?.extensions) return error as Error;
        // The chain node not answering (the manager checks callers' registrations on-chain): a temporary state, said
        // as such so nodes retry, and logged as a warning rather than as a fault of the manager.
        if (isChainUnavailable(original)) {
          deps.logger.warn({ err: original }, "API request failed: the chain node does not answer");
          return new GraphQLError("the manager cannot reach its chain node right now: try again shortly", { extensions: { code: "UNAVAILABLE" } });
        }
        deps.logger.error({ err: original }, "unexpected API error");
        return new GraphQLError(message, { extensions: { code: "INTERNAL_SERVER_ERROR" } });
      },
    },
    plugins: [countRequests(deps), {
      onRequest({ request, endResponse, fetchAPI }) {
        const length = Number(request.headers.get("content-length") ?? "0");
        if (length > maxBody) endResponse(new fetchAPI.Response(JSON.stringify({ errors: [{ message: `the request body is ${length} bytes; at most ${maxBody}` }] }), { status: 413, headers: { "content-type": "application/json" } }));
      },
    }],
  });
}
