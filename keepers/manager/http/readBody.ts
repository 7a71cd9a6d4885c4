import type { IncomingMessage } from "node:http";

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
