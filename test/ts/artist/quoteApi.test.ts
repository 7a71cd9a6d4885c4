import { readFile } from "node:fs/promises";
import { parseEventLogs, type Chain, type Hex, type PublicClient, type Transport } from "viem";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NonceWindow } from "../../../keepers/auth/nonceWindow.js";
import { createManagerApi } from "../../../keepers/manager/api/createManagerApi.js";
import { jobMarketAbi } from "../../../keepers/chain/abis.generated.js";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import { sampleScene } from "../../../keepers/engines/index.js";
import { cidToWord } from "../../../keepers/market/cidWord.js";
import { quoteStruct } from "../../../keepers/cli/artist/requestQuote.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { startLocalNetwork } from "../helpers/startLocalNetwork.js";
import { heartbeatWorkers, startArtistManager, WAD, type ArtistManager } from "./artistHarness.js";

const QUOTE = `mutation($input: QuoteInput!) { quote(input: $input) {
  jobId artist sceneCid sceneWord frameStart frameEnd taskCount workWad pricePerIbmWad fee ibFloorWad keysCommitment expiry deadline managerId
  signature option options { name pricePerIbmWad workers ibWad etaMinutes } preview { seconds pixelSamples } settings { engine width height framesPerTask }
} }`;

describe("an artist's quote from the manager's API, accepted by the real JobMarket", () => {
  let connection: Awaited<ReturnType<typeof startLocalNetwork>>["connection"];
  let d: Deployment;
  let net: LocalNetwork;
  let manager: ArtistManager;
  let sceneCid: string;
  const input = () => ({ artist: net.artist, sceneCid, frameStart: 0, frameEnd: 11, framesPerTask: 4, engine: "pathtracer", width: 640, height: 360, samples: 32, bounces: 3 });

  beforeAll(async () => {
    ({ connection, d, net } = await startLocalNetwork(3, [24_000n]));
    const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
    manager = await startArtistManager(net, d, publicClient, { maxSceneBytes: 1_000_000 });
    // Three live workers at three prices; the network's real worker is one of them.
    await heartbeatWorkers(manager.db, [
      { id: net.workerIds[0]!, price: 3n * WAD / 100n, ib: WAD },
      { id: 501n, price: 5n * WAD / 100n, ib: WAD },
      { id: 502n, price: 9n * WAD / 100n, ib: 2n * WAD },
    ]);
    const response = await fetch(`${manager.url}/scenes`, { method: "POST", body: await readFile((await sampleScene("room")).path) });
    expect(response.status).toBe(200);
    ({ cid: sceneCid } = (await response.json()) as { cid: string });
  });
  afterAll(async () => manager?.close());

  it("stores an uploaded scene by CID and refuses one over the cap with 413", async () => {
    expect(await manager.store.has(sceneCid)).toBe(true);
    expect(sceneCid).toBe(await manager.store.addFile((await sampleScene("room")).path));
    const large = await fetch(`${manager.url}/scenes`, { method: "POST", body: new Uint8Array(1_000_001) });
    expect(large.status).toBe(413);
    expect(((await large.json()) as { error: string }).error).toMatch(/scene too large: the body is 1000001 bytes; at most 1000000/);
    expect((await fetch(`${manager.url}/scenes`)).status).toBe(405);
  });

  it("prices the job over the live eligible workers, signs it, records it, and createJob escrows it", async () => {
    const { data, errors } = await manager.graphql(QUOTE, { input: input() });
    expect(errors).toBeUndefined();
    const q = data!["quote"];
    expect(q).toMatchObject({ artist: net.artist, sceneCid, sceneWord: cidToWord(sceneCid), frameStart: 0, frameEnd: 11, taskCount: 3, option: "balanced", managerId: net.managerId.toString() });
    // Total IB 4: half of it is bought at $0.05 (two workers), all of it at $0.09.
    expect(q.options.map((o: any) => [o.name, o.pricePerIbmWad, o.workers, o.ibWad])).toEqual([
      ["cheapest", (3n * WAD / 100n).toString(), 1, WAD.toString()],
      ["balanced", (5n * WAD / 100n).toString(), 2, (2n * WAD).toString()],
      ["fastest", (9n * WAD / 100n).toString(), 3, (4n * WAD).toString()],
    ]);
    expect(q.pricePerIbmWad).toBe((5n * WAD / 100n).toString());
    expect(BigInt(q.fee)).toBe((BigInt(q.workWad) * 5n * WAD / 100n + WAD - 1n) / WAD);
    expect(q.preview.pixelSamples).toBe(96 * 54 * 4);
    expect(q.preview.seconds).toBeGreaterThan(0);
    expect(q.settings).toEqual({ engine: "pathtracer", width: 640, height: 360, framesPerTask: 4 });
    const row = await manager.db.selectFrom("jobs").selectAll().where("id", "=", q.jobId.toLowerCase()).executeTakeFirstOrThrow();
    expect([row.status, row.scene_cid, row.fee, row.quote_signature]).toEqual(["quoted", sceneCid, q.fee, q.signature]);

    const market = await connection.viem.getContractAt("JobMarket", d.contracts.JobMarket, { client: { wallet: await connection.viem.getWalletClient(net.artist) } });
    const receipt = await net.mined(market.write.createJob([quoteStruct(q), q.signature as Hex]));
    const [created] = parseEventLogs({ abi: jobMarketAbi, logs: receipt.logs, eventName: "JobCreated" });
    expect(created?.args.jobId).toBe(q.jobId);
    expect((await market.read.job([q.jobId])).escrow).toBe(BigInt(q.fee));
  });

  it("quotes the option asked for; the fastest costs more than the cheapest for the same work", async () => {
    const cheapest = (await manager.graphql(QUOTE, { input: { ...input(), option: "cheapest" } })).data!["quote"];
    expect([cheapest.option, cheapest.pricePerIbmWad]).toEqual(["cheapest", (3n * WAD / 100n).toString()]);
    const fastest = (await manager.graphql(QUOTE, { input: { ...input(), option: "fastest" } })).data!["quote"];
    expect(fastest.pricePerIbmWad).toBe((9n * WAD / 100n).toString());
    expect(fastest.jobId).not.toBe(cheapest.jobId); // a salt per quote: two requests are two jobs
  });

  it("refuses bad requests with BAD_USER_INPUT naming the problem, before rendering anything", async () => {
    const refused = async (changes: Record<string, unknown>) => {
      const { data, errors } = await manager.graphql(QUOTE, { input: { ...input(), ...changes } });
      expect(data).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      return errors![0]!.message;
    };
    expect(await refused({ sceneCid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy" })).toMatch(/scene bafkrei\S+ is not in this manager's store: upload it first \(POST \/scenes\)/);
    expect(await refused({ sceneCid: "not-a-cid" })).toMatch(/sceneCid: not a CID/);
    expect(await refused({ frameStart: 10, frameEnd: 2 })).toBe("frameEnd 2 is before frameStart 10");
    expect(await refused({ frameStart: 0, frameEnd: 2_000_000 })).toMatch(/2000001 frames in one quote; at most 100000/);
    expect(await refused({ option: "luxury" })).toBe("option must be one of cheapest, balanced, fastest");
    expect(await refused({ artist: "0x1234", samples: 0, width: 100_000 })).toBe("artist must be a 20-byte hex address; width must be at most 7680; samples must be at least 1");
    expect(await refused({ engine: "cinema4d" })).toBe("engine must be pathtracer or blender");
    // A valid CID of bytes that are no scene: the engine's message, as the artist's input error.
    const junk = (await (await fetch(`${manager.url}/scenes`, { method: "POST", body: new TextEncoder().encode("not a glb") })).json()) as { cid: string };
    expect(await refused({ sceneCid: junk.cid })).toMatch(/^the scene cannot be rendered: /);
  });

  it("renders one preview at a time and refuses quotes past the waiting line", async () => {
    // A manager whose line holds one quote: of three at once, the first renders and the others are turned away.
    const api = createManagerApi({ ...manager.deps, quoting: { ...manager.deps.quoting!, maxWaitingPreviews: 1 } });
    // Three different sample counts: three previews (one preview serves every quote of the same scene and settings).
    const ask = async (samples: number) => (await (await api.fetch("http://manager.test/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUOTE, variables: { input: { ...input(), frameEnd: 1, samples } } }) })).json()) as { errors?: { message: string; extensions: { code: string } }[] };
    const answers = await Promise.all([ask(5), ask(6), ask(7)]);
    expect(answers.map((a) => a.errors?.[0]?.message ?? "quoted")).toEqual(["quoted", "the manager is busy quoting: try again in a minute", "the manager is busy quoting: try again in a minute"]);
    expect(answers[1]!.errors?.[0]?.extensions.code).toBe("UNAVAILABLE");
    // The same settings again, three at once: the first preview's timing answers all of them, the line stays free.
    const again = await Promise.all([ask(5), ask(5), ask(5)]);
    expect(again.map((a) => a.errors?.[0]?.message ?? "quoted")).toEqual(["quoted", "quoted", "quoted"]);
  });

  it("says so when the manager was started without a quoting identity", async () => {
    const api = createManagerApi({ db: manager.db, chainId: d.chainId, nodeView: async () => null, nonces: new NonceWindow(), verdictThreshold: 2, logger: pino({ level: "silent" }) });
    const response = await api.fetch("http://manager.test/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUOTE, variables: { input: input() } }) });
    const { errors } = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(errors[0]).toMatchObject({ message: "this manager does not quote jobs (started without a quoting identity)", extensions: { code: "NOT_IMPLEMENTED" } });
  });

  it("answers UNAVAILABLE when no worker for the engine is live", async () => {
    await manager.db.updateTable("workers").set({ last_seen: new Date(Date.now() - 600_000) }).execute();
    const { errors } = await manager.graphql(QUOTE, { input: input() });
    expect(errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
    expect(errors?.[0]?.message).toBe("no eligible pathtracer worker is live on this manager now: try again later");
  });
});
