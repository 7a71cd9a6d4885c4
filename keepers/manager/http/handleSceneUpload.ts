import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../../log/createLogger.js";
import type { ContentStore } from "../../storage/contentStore.js";
import { MAX_SCENE_BYTES } from "../api/quoteResolvers.js";
import { readBodyOr413, replyJson as reply } from "./readBody.js";

/**
 * `POST /scenes`: an artist stores a scene (the raw file's bytes) in the manager's content store and gets its CID, to
 * name in `quote`. Unauthenticated, as asking for a quote is: the size cap (413 past it, before the body is read
 * whole) bounds what a stranger can make the manager hold. Returns false for other paths.
 */
export function handleSceneUpload(store: ContentStore, logger: Logger, maxBytes = MAX_SCENE_BYTES) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (new URL(request.url ?? "/", "http://manager").pathname !== "/scenes") return false;
    void (async () => {
      if (request.method !== "POST") return reply(response, 405, { error: "POST the scene file's bytes" });
      const body = await readBodyOr413(request, response, maxBytes, "scene too large: ");
      if (!body) return;
      if (body.length === 0) return reply(response, 400, { error: "the scene is empty" });
      const cid = await store.addBytes(body);
      logger.info({ cid, bytes: body.length }, "stored an artist's scene");
      reply(response, 200, { cid });
    })().catch((error: unknown) => {
      logger.error({ err: error }, "scene upload failed");
      if (!response.headersSent) reply(response, 500, { error: "internal error" });
    });
    return true;
  };
}
