import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NonceWindow } from "../../../keepers/auth/nonceWindow.js";
import { encryptionKeyOf } from "../../../keepers/crypto/encryptionKeyOf.js";
import { openDatabase, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import type { NodeView } from "../../../keepers/manager/api/managerApiDeps.js";
import { createManagerServer } from "../../../keepers/manager/http/createManagerServer.js";
import type { ContentStore } from "../../../keepers/storage/contentStore.js";
import { createHeliaStore } from "../../../keepers/storage/heliaStore.js";
import { UploadError, uploadToManager, type ManagerEndpoint } from "../../../keepers/worker/uploadToManager.js";
import { cleanup, deterministicBytes, tempDir } from "../storage/storageHelpers.js";

const operator = privateKeyToAccount(generatePrivateKey());
const stranger = privateKeyToAccount(generatePrivateKey());
const view = async (id: bigint): Promise<NodeView | null> =>
  id === 10n ? { operator: operator.address, kind: "worker", eligible: true, pricePerIbmWad: 1n, ibWad: 1n, encryptionKey: encryptionKeyOf(generatePrivateKey()) } : null;

describe("the manager's HTTP server: uploads, the block gateway and the API on one port", () => {
  let open: OpenDatabase;
  let managerStore: ContentStore;
  let workerStore: ContentStore;
  let verifierStore: ContentStore;
  let dirs: string[];
  let server: ReturnType<typeof createManagerServer>;
  let endpoint: ManagerEndpoint;

  beforeAll(async () => {
    dirs = await Promise.all([tempDir(), tempDir(), tempDir()]);
    open = await openDatabase({});
    managerStore = await createHeliaStore({ dir: dirs[0]! });
    workerStore = await createHeliaStore({ dir: dirs[1]! });
    const logger = pino({ level: "silent" });
    server = createManagerServer({ db: open.db, chainId: 31337, nodeView: view, nonces: new NonceWindow(), verdictThreshold: 2, logger, store: managerStore, maxUploadBytes: 1_000_000 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    verifierStore = await createHeliaStore({ dir: dirs[2]!, gateways: [url] });
    endpoint = { url, chainId: 31337, nodeId: 10n, operator };
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await Promise.all([managerStore.close(), workerStore.close(), verifierStore.close(), open.close()]);
    await cleanup(...dirs);
  });

  it("stores a node's upload under the CID the worker computed, and serves it to a verifier by hash", async () => {
    const frame = deterministicBytes(700_000, "frame");
    const cid = await workerStore.addBytes(frame);
    await uploadToManager(endpoint, frame, cid);
    expect(await managerStore.has(cid)).toBe(true);
    expect(await verifierStore.getBytes(cid, { maxBytes: 1_000_000 })).toEqual(frame);
  });

  it("refuses unsigned or foreign uploads, oversized bodies and other methods; the API answers on /graphql", async () => {
    const bytes = deterministicBytes(1_000, "small");
    const cid = await workerStore.addBytes(bytes);
    const refused = async (e: ManagerEndpoint, body: Uint8Array) => uploadToManager(e, body, cid).then(() => null, (error: UploadError) => error);
    expect((await refused({ ...endpoint, operator: stranger }, bytes))?.message).toMatch(/refused the upload \(401\): node 10 is operated by/);
    expect((await refused({ ...endpoint, nodeId: 11n }, bytes))?.message).toMatch(/\(401\): node 11 is not a live registered node/);
    const large = await refused(endpoint, deterministicBytes(1_000_001, "large"));
    expect([large?.message.includes("(413)"), large?.retryable]).toEqual([true, false]);
    expect((await fetch(new URL("/upload", endpoint.url))).status).toBe(405);
    expect((await fetch(new URL("/nowhere", endpoint.url))).status).toBe(404);
    const graphql = await fetch(new URL("/graphql", endpoint.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: '{ job(id: "0x01") { status } }' }) });
    expect(await graphql.json()).toEqual({ data: { job: null } });
    // A body streamed without a length could not be capped before it is read whole: refused at once.
    const streamed = new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new TextEncoder().encode(JSON.stringify({ query: "{ __typename }" }))), c.close()) });
    const chunked = await fetch(new URL("/graphql", endpoint.url), { method: "POST", headers: { "content-type": "application/json" }, body: streamed, duplex: "half" } as RequestInit);
    expect([chunked.status, ((await chunked.json()) as { errors: { message: string }[] }).errors[0]!.message]).toEqual([411, "a request to /graphql must declare its content-length"]);
    const unreachable = await uploadToManager({ ...endpoint, url: "http://127.0.0.1:1" }, bytes, cid).then(() => null, (error: UploadError) => error);
    expect(unreachable?.retryable).toBe(true);
  });
});
