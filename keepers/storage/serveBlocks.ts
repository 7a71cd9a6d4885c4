import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { ContentStore } from "./contentStore.js";
import { isStorageError, messageOf } from "./storageError.js";

/** The media type of a raw block in the trustless gateway protocol. */
export const RAW_BLOCK_TYPE = "application/vnd.ipld.raw";

/**
 * A request handler that serves the blocks of a store by the trustless gateway protocol's raw-block route, as
 * `@helia/trustless-gateway-client` asks for them: `GET /ipfs/<cid>?format=raw` with `Accept: application/vnd.ipld.raw`
 * (either one is enough here; HEAD is answered too).
 * @dev Mount it before the rest of a server: it returns false, untouched, for a path outside `/ipfs/`, and true once
 * it has taken the request. Only blocks stored here are served, never fetched: 200 with the block, 404 when absent,
 * 400 for a bad CID or a path under the CID, 406 when the request does not ask for a raw block, 405 for other methods.
 * The client verifies every block against its CID, so nothing here is trusted by it.
 */
export function serveBlocks(store: ContentStore, options: { logger?: Logger } = {}): (request: IncomingMessage, response: ServerResponse) => boolean {
  const log = options.logger?.child({ component: "storage", route: "ipfs" });
  return (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith("/ipfs/")) return false;
    void answer(request, response, url).catch((error: unknown) => {
      log?.error({ err: messageOf(error), path: url.pathname }, "serving a block failed");
      if (!response.headersSent) send(response, 500, "internal error\n");
      else response.destroy();
    });
    return true;
  };

  async function answer(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.setHeader("Allow", "GET, HEAD");
      send(response, 405, "only GET and HEAD\n");
      return;
    }
    const rest = url.pathname.slice("/ipfs/".length);
    if (rest.includes("/") || rest === "") {
      send(response, 400, "expected /ipfs/<cid>: paths under a CID are not served\n");
      return;
    }
    const format = url.searchParams.get("format");
    const accept = request.headers.accept ?? "";
    if (format !== "raw" && !accept.split(",").some((part) => part.trim().split(";")[0] === RAW_BLOCK_TYPE)) {
      send(response, 406, `only raw blocks are served: ask with ?format=raw or Accept: ${RAW_BLOCK_TYPE}\n`);
      return;
    }
    let block: Uint8Array | undefined;
    try {
      block = await store.getBlock(rest);
    } catch (error) {
      if (isStorageError(error, "INVALID_CID")) {
        send(response, 400, `${error.detail}\n`);
        return;
      }
      throw error;
    }
    if (block === undefined) {
      send(response, 404, `block ${rest} is not stored here\n`);
      return;
    }
    response.writeHead(200, {
      "Content-Type": RAW_BLOCK_TYPE,
      "Content-Length": block.byteLength,
      "Cache-Control": "public, max-age=29030400, immutable",
      "X-Content-Type-Options": "nosniff",
      Etag: `"${rest}.raw"`,
    });
    response.end(request.method === "HEAD" ? undefined : block);
  }
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}
