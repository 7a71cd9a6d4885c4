import { join } from "node:path";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHeliaStore, RAW_BLOCK_TYPE, serveBlocks, type ContentStore } from "../../../keepers/storage/index.js";
import { cleanup, deterministicBytes, filesIn, listen, storageFailure, tempDir } from "./storageHelpers.js";

/** Two daemons on loopback: A holds content and serves its blocks beside another route; B fetches from A. */
describe("blocks between daemons over the trustless gateway protocol", () => {
  const dirs: string[] = [];
  let a: ContentStore;
  let gatewayA: Awaited<ReturnType<typeof listen>>;
  const content = deterministicBytes(1_300_000, "scene"); // 5 raw leaves and a root
  let cid: string;

  async function freshDir(): Promise<string> {
    const dir = await tempDir();
    dirs.push(dir);
    return dir;
  }

  beforeAll(async () => {
    a = await createHeliaStore({ dir: await freshDir() });
    cid = await a.addBytes(content);
    const blocks = serveBlocks(a);
    gatewayA = await listen((request, response) => {
      if (blocks(request, response)) return;
      response.writeHead(418).end("graphql lives here\n");
    });
  });
  afterAll(async () => {
    await gatewayA?.close();
    await a?.close();
    await cleanup(...dirs);
  });

  it("serves exactly the raw-block route the trustless gateway client asks for", async () => {
    const raw = await fetch(`${gatewayA.url}/ipfs/${cid}?format=raw`, { headers: { Accept: RAW_BLOCK_TYPE } });
    expect(raw.status).toBe(200);
    expect(raw.headers.get("content-type")).toBe(RAW_BLOCK_TYPE);
    const root = new Uint8Array(await raw.arrayBuffer());
    expect(Buffer.from(root).equals(Buffer.from((await a.getBlock(cid))!))).toBe(true);
    expect((await fetch(`${gatewayA.url}/ipfs/${cid}`, { headers: { Accept: RAW_BLOCK_TYPE } })).status).toBe(200);
    expect((await fetch(`${gatewayA.url}/ipfs/${cid}?format=raw`, { method: "HEAD" })).headers.get("content-length")).toBe(String(root.byteLength));
    expect((await fetch(`${gatewayA.url}/ipfs/${cid}`)).status).toBe(406);
    expect((await fetch(`${gatewayA.url}/ipfs/not-a-cid?format=raw`)).status).toBe(400);
    expect((await fetch(`${gatewayA.url}/ipfs/${cid}/scene.gltf?format=raw`)).status).toBe(400);
    const absent = CID.createV1(0x55, await sha256.digest(new Uint8Array([1]))).toString();
    expect((await fetch(`${gatewayA.url}/ipfs/${absent}?format=raw`)).status).toBe(404);
    expect((await fetch(`${gatewayA.url}/ipfs/${cid}?format=raw`, { method: "POST" })).status).toBe(405);
    expect((await fetch(`${gatewayA.url}/graphql`)).status).toBe(418);
  });

  it("B fetches a CID only A has, verifies it, and keeps it", async () => {
    const b = await createHeliaStore({ dir: await freshDir(), gateways: [gatewayA.url] });
    const work = await freshDir();
    try {
      expect(await b.has(cid)).toBe(false);
      // Refused on the size its root declares: the root is fetched (and kept), no leaf is, so B does not "have" it.
      await storageFailure(b.getBytes(cid, { maxBytes: 1000 }), "TOO_LARGE");
      expect(await b.getBlock(cid)).toBeDefined();
      expect(await b.has(cid)).toBe(false);
      await b.saveFile(cid, join(work, "scene.glb"), { maxBytes: content.byteLength });
      const { readFile } = await import("node:fs/promises");
      expect((await readFile(join(work, "scene.glb"))).equals(Buffer.from(content))).toBe(true);
      expect(await b.has(cid)).toBe(true);
    } finally {
      await b.close();
    }
  });

  it("refuses a tampered block from a malicious gateway with CORRUPT, stores nothing, and takes it from an honest one", async () => {
    const evil = await listen((request, response) => {
      const body = Buffer.from(`not the block you asked for: ${request.url}`);
      response.writeHead(200, { "Content-Type": RAW_BLOCK_TYPE, "Content-Length": body.length }).end(body);
    });
    const work = await freshDir();
    const b = await createHeliaStore({ dir: await freshDir(), gateways: [evil.url] });
    try {
      const error = await storageFailure(b.saveFile(cid, join(work, "scene.glb")), "CORRUPT");
      expect(error.message).toContain("does not hash to its CID");
      expect(error.retryable).toBe(false);
      expect(await filesIn(work)).toEqual([]);
      expect(await b.has(cid)).toBe(false);
      expect(await b.getBlock(cid)).toBeUndefined();
    } finally {
      await b.close();
    }
    const c = await createHeliaStore({ dir: await freshDir(), gateways: [evil.url, gatewayA.url] });
    try {
      expect(Buffer.from(await c.getBytes(cid, { maxBytes: content.byteLength })).equals(Buffer.from(content))).toBe(true);
    } finally {
      await c.close();
      await evil.close();
    }
  });

  it("fails NOT_FOUND when every gateway answers 404", async () => {
    const b = await createHeliaStore({ dir: await freshDir(), gateways: [gatewayA.url] });
    try {
      const absent = CID.createV1(0x55, await sha256.digest(new Uint8Array([2]))).toString();
      const error = await storageFailure(b.getBytes(absent, { maxBytes: 10 }), "NOT_FOUND");
      expect(error.message).toContain("404");
    } finally {
      await b.close();
    }
  });

  it("fails UNAVAILABLE, retryable, within a bounded time from a gateway that refuses or never answers", async () => {
    const closed = await listen(() => undefined);
    const closedUrl = closed.url;
    await closed.close();
    const silent = await listen(() => undefined); // accepts the connection, never answers
    const refused = await createHeliaStore({ dir: await freshDir(), gateways: [closedUrl] });
    const hanging = await createHeliaStore({ dir: await freshDir(), gateways: [silent.url], fetchTimeoutMs: 400 });
    try {
      let started = performance.now();
      const error = await storageFailure(refused.getBytes(cid, { maxBytes: content.byteLength }), "UNAVAILABLE");
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(closedUrl);
      expect(performance.now() - started).toBeLessThan(2_000);
      started = performance.now();
      const timedOut = await storageFailure(hanging.getBytes(cid, { maxBytes: content.byteLength }), "UNAVAILABLE");
      expect(timedOut.message).toMatch(/timeout|abort/i);
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await refused.close();
      await hanging.close();
      await silent.close();
    }
  });
});
