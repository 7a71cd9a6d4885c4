import type { IncomingMessage, ServerResponse } from "node:http";

export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

/** A request's body, refused as soon as it passes `maxBytes` (before reading the rest: no unbounded buffering). */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers["content-length"] ?? "NaN");
  if (declared > maxBytes) throw new BodyTooLargeError(`the body is ${declared} bytes; at most ${maxBytes}`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw new BodyTooLargeError(`the body passes ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** A JSON answer: the shape every route of the manager's server replies with. */
export function replyJson(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** The body, or null once a 413 naming the cap has been sent (`prefix` says what was too large). */
export async function readBodyOr413(request: IncomingMessage, response: ServerResponse, maxBytes: number, prefix = ""): Promise<Uint8Array | null> {
  try {
    return await readBody(request, maxBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    replyJson(response, 413, { error: `${prefix}${error.message}` });
    return null;
  }
}
