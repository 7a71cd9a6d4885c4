import type { IncomingMessage, ServerResponse } from "node:http";
import { AuthError, verifyNodeRequest } from "../../auth/verifyNodeRequest.js";
import type { Logger } from "../../log/createLogger.js";
import type { ContentStore } from "../../storage/contentStore.js";
import type { ManagerApiDeps } from "../api/managerApiDeps.js";
import { readBodyOr413, replyJson as reply } from "./readBody.js";

/** Largest upload: a frame or a frame manifest (an 8K RGBA PNG without compression is ~133 MB). */
export const DEFAULT_MAX_UPLOAD_BYTES = 160 * 1024 * 1024;

/**
 * `POST /upload`: a node (a worker's frames and manifests) stores a file in the manager's content store and gets its
 * CID, which it compares with its own. The raw body is what the node signs (`NodeRequest` "upload"), so only
 * registered nodes fill the store, and the size is capped before the body is read whole. Returns false for other
 * paths, so it mounts beside the API and the gateway.
 */
export function handleUpload(store: ContentStore, deps: Pick<ManagerApiDeps, "chainId" | "nodeView" | "nonces">, logger: Logger, maxBytes = DEFAULT_MAX_UPLOAD_BYTES) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (new URL(request.url ?? "/", "http://manager").pathname !== "/upload") return false;
    void (async () => {
      if (request.method !== "POST") return reply(response, 405, { error: "POST the file's bytes" });
      const body = await readBodyOr413(request, response, maxBytes);
      if (!body) return;
      try {
        await verifyNodeRequest(request.headers as Record<string, string>, body, {
          chainId: deps.chainId, operation: "upload",
          operatorOf: async (id) => (await deps.nodeView(id))?.operator ?? null,
          claimNonce: (id, nonce, until) => deps.nonces.claim(id, nonce, until),
        });
      } catch (error) {
        if (error instanceof AuthError) return reply(response, 401, { error: error.message, reason: error.code });
        throw error;
      }
      reply(response, 200, { cid: await store.addBytes(body) });
    })().catch((error: unknown) => {
      logger.error({ err: error }, "upload failed");
      if (!response.headersSent) reply(response, 500, { error: "internal error" });
    });
    return true;
  };
}
