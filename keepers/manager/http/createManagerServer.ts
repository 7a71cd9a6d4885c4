import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../../log/createLogger.js";
import { serveBlocks } from "../../storage/serveBlocks.js";
import type { ContentStore } from "../../storage/contentStore.js";
import { createManagerApi } from "../api/createManagerApi.js";
import type { ManagerApiDeps } from "../api/managerApiDeps.js";
import { handleSceneUpload } from "./handleSceneUpload.js";
import { handleUpload } from "./handleUpload.js";

type Route = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * The manager's one HTTP server: `/ipfs/<cid>` (blocks by the trustless gateway protocol, what workers and verifiers
 * fetch scenes and frames through), `POST /upload` (nodes store files), `POST /scenes` (artists store scenes),
 * `/graphql` (the API) and 404 otherwise.
 */
export function createManagerServer(deps: ManagerApiDeps & { store: ContentStore; logger: Logger; maxUploadBytes?: number; maxSceneBytes?: number }): Server {
  const api = createManagerApi(deps);
  const routes: Route[] = [
    serveBlocks(deps.store, { logger: deps.logger }),
    handleUpload(deps.store, deps, deps.logger, deps.maxUploadBytes),
    handleSceneUpload(deps.store, deps.logger, deps.maxSceneBytes),
  ];
  return createServer((request, response) => {
    if (routes.some((route) => route(request, response))) return;
    if (new URL(request.url ?? "/", "http://manager").pathname === "/graphql") {
      // The API's size cap reads the declared length: a body streamed without one (chunked) would be buffered whole
      // by the GraphQL server before anything refused it. Every GraphQL client declares it; the connection is closed
      // rather than drained.
      if (request.method === "POST" && request.headers["content-length"] === undefined) {
        return void response.writeHead(411, { "content-type": "application/json", connection: "close" })
          .end(JSON.stringify({ errors: [{ message: "a request to /graphql must declare its content-length" }] }));
      }
      return void api(request, response);
    }
    response.writeHead(404, { "content-type": "text/plain" }).end("not found: /graphql, /ipfs/<cid>, POST /upload, POST /scenes\n");
  });
}
