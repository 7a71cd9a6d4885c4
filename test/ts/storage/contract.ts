import { writeFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContentStore } from "../../../keepers/storage/index.js";
import { cleanup, deterministicBytes, drain, filesIn, storageFailure, tempDir } from "./storageHelpers.js";

/** The CID of the empty file, as `ipfs add --cid-version=1` gives it. */
export const EMPTY_FILE_CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
/** 3 MB of `deterministicBytes`: 12 raw leaves of 256 KiB under one dag-pb node. Recorded from Helia. */
export const THREE_MB = 3_000_000;
export const THREE_MB_CID = "bafybeia3algm4cgksyhor2wula5cl4qrdd7mayytgbffrpm6oznqwddg44";

/** What every ContentStore must do, whichever the backend. `open` gives a fresh store. */
export function contentStoreContract(name: string, skip: boolean, open: () => Promise<ContentStore>): void {
  describe.skipIf(skip)(`${name}: the ContentStore contract`, () => {
    let store: ContentStore;
    let work: string;
    const big = deterministicBytes(THREE_MB);
    let bigCid: string;

    beforeAll(async () => {
      store = await open();
      work = await tempDir("inferix-storage-work-");
      await writeFile(join(work, "big.bin"), big);
      bigCid = await store.addFile(join(work, "big.bin"));
    });
    afterAll(async () => {
      await store?.close();
      await cleanup(work);
    });

    it("stores small bytes as one raw block whose CID is the sha2-256 of the bytes", async () => {
      const bytes = new TextEncoder().encode("Inferix renders frames.\n");
      const cid = await store.addBytes(bytes);
      expect(cid).toBe(CID.createV1(0x55, await sha256.digest(bytes)).toString());
      expect(cid).toBe("bafkreigi7zaeusddwp5657stv2s3sfs4xvsnj6locr5jn5azprqgfft2dm");
      expect(await store.getBytes(cid, { maxBytes: 100 })).toEqual(bytes);
      expect(await store.addBytes(new Uint8Array(0))).toBe(EMPTY_FILE_CID);
      expect(await store.getBytes(EMPTY_FILE_CID, { maxBytes: 0 })).toEqual(new Uint8Array(0));
    });

    it("stores a multi-block file streamed from disk with the CID of its bytes, and streams it back", async () => {
      expect(bigCid).toBe(THREE_MB_CID);
      expect(bigCid.startsWith("bafybei")).toBe(true);
      expect(await store.addBytes(big)).toBe(bigCid);
      const chunks: Uint8Array[] = [];
      for await (const chunk of store.cat(bigCid)) chunks.push(chunk);
      expect(chunks.length).toBeGreaterThan(1);
      expect(Buffer.concat(chunks).equals(Buffer.from(big))).toBe(true);
      expect(await store.has(bigCid)).toBe(true);
    });

    it("saves a file by writing it aside and renaming it", async () => {
      const target = join(work, "saved.bin");
      await store.saveFile(bigCid, target);
      expect((await readFile(target)).equals(Buffer.from(big))).toBe(true);
      expect((await filesIn(work)).filter((file) => file.endsWith(".part"))).toEqual([]);
    });

    it("refuses content larger than maxBytes before reading it, in getBytes, cat and saveFile", async () => {
      const error = await storageFailure(store.getBytes(bigCid, { maxBytes: THREE_MB - 1 }), "TOO_LARGE");
      expect(error.message).toContain(`${THREE_MB} bytes`);
      let chunks = 0;
      await storageFailure(
        (async () => {
          for await (const _chunk of store.cat(bigCid, { maxBytes: 1000 })) chunks++;
        })(),
        "TOO_LARGE",
      );
      expect(chunks).toBe(0);
      const target = join(work, "too-large.bin");
      await storageFailure(store.saveFile(bigCid, target, { maxBytes: 10 }), "TOO_LARGE");
      expect(await filesIn(work)).not.toContain("too-large.bin");
      expect((await filesIn(work)).filter((file) => file.endsWith(".part"))).toEqual([]);
      expect((await store.getBytes(bigCid, { maxBytes: THREE_MB })).byteLength).toBe(THREE_MB);
    });

    it("tells what it has, without fetching", async () => {
      const absent = CID.createV1(0x55, await sha256.digest(new TextEncoder().encode("never added"))).toString();
      expect(await store.has(absent)).toBe(false);
      expect(await store.has("not a cid")).toBe(false);
      expect(await store.getBlock(absent)).toBeUndefined();
      const leaf = await store.addBytes(new TextEncoder().encode("a leaf"));
      expect(await store.has(leaf)).toBe(true);
      expect(new TextDecoder().decode(await store.getBlock(leaf))).toBe("a leaf");
    });

    it("refuses what is not a CID of a UnixFS file, and a cancelled call", async () => {
      await storageFailure(store.getBytes("not-a-cid", { maxBytes: 10 }), "INVALID_CID");
      const dagCbor = CID.createV1(0x71, await sha256.digest(new Uint8Array([0xa0]))).toString();
      await storageFailure(store.getBytes(dagCbor, { maxBytes: 10 }), "INVALID_CID");
      await storageFailure(store.getBlock("bafy-nope"), "INVALID_CID");
      await storageFailure(store.addFile(join(work, "missing.bin")), "IO");
      const controller = new AbortController();
      controller.abort();
      await storageFailure(drain(store.cat(bigCid, { signal: controller.signal })), "CANCELLED");
    });
  });
}
