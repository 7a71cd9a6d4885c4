import { join } from "node:path";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { afterAll, describe, expect, it } from "vitest";
import { createHeliaStore } from "../../../keepers/storage/index.js";
import { contentStoreContract } from "./contract.js";
import { cleanup, deterministicBytes, filesIn, storageFailure, tempDir } from "./storageHelpers.js";

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  return dir;
}
afterAll(() => cleanup(...dirs));

contentStoreContract("embedded Helia", false, async () => createHeliaStore({ dir: await freshDir() }));

describe("embedded Helia on disk", () => {
  it("keeps its content across close and reopen", async () => {
    const dir = await freshDir();
    const bytes = deterministicBytes(700_000, "persist");
    const first = await createHeliaStore({ dir });
    const cid = await first.addBytes(bytes);
    await first.close();
    const second = await createHeliaStore({ dir });
    try {
      expect(await second.has(cid)).toBe(true);
      expect(Buffer.from(await second.getBytes(cid, { maxBytes: bytes.byteLength })).equals(Buffer.from(bytes))).toBe(true);
    } finally {
      await second.close();
    }
  });

  it("without gateways, fails NOT_FOUND at once for what it lacks, and saveFile leaves no file", async () => {
    const store = await createHeliaStore({ dir: await freshDir() });
    const work = await freshDir();
    try {
      const absent = CID.createV1(0x55, await sha256.digest(new TextEncoder().encode("elsewhere"))).toString();
      const error = await storageFailure(store.getBytes(absent, { maxBytes: 100 }), "NOT_FOUND");
      expect(error.message).toContain("no gateway is configured");
      expect(error.retryable).toBe(false);
      await storageFailure(store.saveFile(absent, join(work, "scene.glb")), "NOT_FOUND");
      expect(await filesIn(work)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("is the same store through the configuration switch, which names bad fields", async () => {
    const { createContentStore } = await import("../../../keepers/storage/index.js");
    const store = await createContentStore({ kind: "helia", dir: await freshDir() });
    expect(store.kind).toBe("helia");
    await store.close();
    await storageFailure(createContentStore({ kind: "helia", dir: "" }), "CONFIG_INVALID");
    const gateway = await storageFailure(createContentStore({ kind: "helia", dir: "/tmp/x", gateways: ["ftp://example.org"] }), "CONFIG_INVALID");
    expect(gateway.message).toContain("storage.gateways.0");
    const kind = await storageFailure(createContentStore({ kind: "s3", url: "x" } as never), "CONFIG_INVALID");
    expect(kind.message).toContain('"helia" or "kubo"');
    const extra = await storageFailure(createContentStore({ kind: "kubo", url: "http://127.0.0.1:5001", dir: "/x" } as never), "CONFIG_INVALID");
    expect(extra.message).toContain("dir");
  });
});
