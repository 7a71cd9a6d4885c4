import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FlakyRpcProxy {
  /** The proxy's URL: give it to the daemons instead of the chain's. */
  url: string;
  /**
   * From now on every request is refused without reaching the chain: `503` answers 503 Service Unavailable (an RPC
   * provider over its limits), `drop` destroys the connection unanswered (the provider gone). Never half-forwarded, so
   * a refused transaction was certainly not sent.
   */
  pause(mode?: "503" | "drop"): void;
  resume(): void;
  /** Requests refused while paused, and forwarded in all. */
  readonly refused: number;
  readonly forwarded: number;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of a JSON-RPC endpoint, for the daemons' view of an RPC outage: while paused the chain keeps
 * mining (the artist and the test reach it directly), only the daemons behind the proxy lose it.
 */
export async function startFlakyRpcProxy(target: string): Promise<FlakyRpcProxy> {
  const upstream = new URL(target);
  let paused: "503" | "drop" | null = null;
  let refused = 0;
  let forwarded = 0;
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    forwarded++;
    const upstreamRequest = httpRequest({
      hostname: upstream.hostname, port: upstream.port, path: upstream.pathname, method: incoming.method, headers: { ...incoming.headers, host: upstream.host },
    }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstreamRequest.on("error", () => outgoing.destroy());
    incoming.pipe(upstreamRequest);
  };
  const server = createServer((incoming, outgoing) => {
    if (paused === null) return forward(incoming, outgoing);
    refused++;
    if (paused === "drop") return void incoming.socket.destroy();
    incoming.resume(); // the body is read and discarded: the answer is the same whatever it asked
    outgoing.writeHead(503, { "content-type": "text/plain", connection: "close" }).end("the RPC endpoint is unavailable\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    pause: (mode = "503") => {
      paused = mode;
      // Kept-alive connections would otherwise carry on: a paused endpoint takes nothing, old sockets included.
      server.closeIdleConnections();
    },
    resume: () => (paused = null),
    get refused() {
      return refused;
    },
    get forwarded() {
      return forwarded;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
