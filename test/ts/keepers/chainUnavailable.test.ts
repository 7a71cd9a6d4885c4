import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import hre from "hardhat";
import { createPublicClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isChainUnavailable } from "../../../keepers/chain/isChainUnavailable.js";

const failure = (run: () => Promise<unknown>) => run().then(() => { throw new Error("expected a failure"); }, (error: unknown) => error);
/** Init code that reverts at once (PUSH1 0, PUSH1 0, REVERT): a call the chain answers with a revert. */
const REVERTS = "0x60006000fd";

describe("telling the chain node not answering from the chain answering no", () => {
  let down: Server;
  let downUrl: string;
  beforeAll(async () => {
    // A node behind a load balancer with no backend: every request answered 503.
    down = createServer((_, res) => res.writeHead(503).end("no backend"));
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    downUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => down.close(() => resolve())));

  it("a refused connection, a 503 and a timeout are the node unavailable", async () => {
    const refused = createPublicClient({ transport: http("http://127.0.0.1:1", { retryCount: 0 }) });
    expect(isChainUnavailable(await failure(() => refused.getBlockNumber()))).toBe(true);
    const unavailable = createPublicClient({ transport: http(downUrl, { retryCount: 0 }) });
    expect(isChainUnavailable(await failure(() => unavailable.call({ data: REVERTS })))).toBe(true);
    const silent = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const slow = createPublicClient({ transport: http(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, { retryCount: 0, timeout: 300 }) });
      expect(isChainUnavailable(await failure(() => slow.getChainId()))).toBe(true);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it("a revert from a real chain is an answer, not an outage", async () => {
    const connection = await hre.network.create();
    const client = await connection.viem.getPublicClient();
    const reverted = await failure(() => client.call({ data: REVERTS }));
    expect(reverted).toBeInstanceOf(Error);
    expect(isChainUnavailable(reverted)).toBe(false);
    expect(isChainUnavailable(new Error("anything else"))).toBe(false);
    expect(isChainUnavailable("not an error")).toBe(false);
  });
});
