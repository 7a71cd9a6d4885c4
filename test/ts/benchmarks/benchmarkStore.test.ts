import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sceneKey } from "../../../keepers/chain/paramKeys.js";
import { openDatabase, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import type { BenchmarkScene } from "../../../keepers/manager/benchmarks/benchmarkScenes.js";
import { governedScenes } from "../../../keepers/manager/benchmarks/benchmarkScenes.js";
import { expireBenchmarks } from "../../../keepers/manager/benchmarks/expireBenchmarks.js";
import { issueBenchmarks, type IssueOptions } from "../../../keepers/manager/benchmarks/issueBenchmarks.js";
import { openBenchmarks } from "../../../keepers/manager/benchmarks/openBenchmarks.js";
import { recordBenchmarkResult } from "../../../keepers/manager/benchmarks/recordBenchmarkResult.js";
import { recordHeartbeat } from "../../../keepers/manager/store/recordHeartbeat.js";

const ROOM: BenchmarkScene = { name: "room", sceneId: sceneKey("inferix/room"), path: "/unused/room.glb", cid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy" };
const T0 = new Date("2026-01-01T00:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

/** The manager's benchmark bookkeeping on PGlite: who is challenged, when the clock starts and stops, what expires. */
describe("benchmark challenges in the manager's database", () => {
  let open: OpenDatabase;
  const options = (over: Partial<IssueOptions> = {}): IssueOptions => ({
    epoch: 7n, now: at(0), scenes: [ROOM], settings: { width: 64, height: 36, samples: 4, bounces: 2 }, heartbeatTimeoutSeconds: 60, maxPerRound: 10, ...over,
  });
  const status = async () => (await open.db.selectFrom("benchmarks").select(["worker_id", "status"]).orderBy("id").execute()).map((r) => [r.worker_id, r.status]);

  beforeAll(async () => {
    open = await openDatabase({});
    const beat = (workerId: bigint, eligible: boolean, seconds: number) => recordHeartbeat(open.db, { workerId, operator: "0x0", engines: ["pathtracer"], slots: 1, pricePerIbmWad: 1n, ibWad: 1n, eligible }, at(seconds));
    await beat(1n, true, -10);
    await beat(2n, true, -600); // silent for ten minutes
    await beat(3n, false, -10); // not staked enough
  });
  afterAll(() => open?.close());

  it("keeps only the scenes the registry governs", () => {
    expect(governedScenes([ROOM, { ...ROOM, name: "x", sceneId: sceneKey("inferix/x") }], [sceneKey("inferix/room").toUpperCase() as `0x${string}`])).toEqual([ROOM]);
  });

  it("challenges only live eligible workers, once an epoch", async () => {
    expect((await issueBenchmarks(open.db, options())).map((b) => b.workerId)).toEqual([1n]);
    expect(await issueBenchmarks(open.db, options({ now: at(5) }))).toEqual([]);
    expect(await issueBenchmarks(open.db, options({ scenes: [] }))).toEqual([]);
  });

  it("starts the clock at the first read only, and stops it at a report of a read challenge", async () => {
    const [challenge] = await open.db.selectFrom("benchmarks").select("id").execute();
    const id = challenge!.id;
    expect(await recordBenchmarkResult(open.db, id, 1n, CID, at(1))).toBe("not_open"); // not read: the seed is unknown
    const first = await openBenchmarks(open.db, 1n, at(2));
    expect(first.map((b) => [b.id, b.fetchedAt.getTime()])).toEqual([[id, at(2).getTime()]]);
    expect((await openBenchmarks(open.db, 1n, at(3)))[0]!.fetchedAt).toEqual(at(2));
    expect(await openBenchmarks(open.db, 2n, at(3))).toEqual([]);
    expect(await recordBenchmarkResult(open.db, id, 2n, CID, at(4))).toBe("not_open"); // not its challenge
    expect(await recordBenchmarkResult(open.db, id, 1n, CID, at(9))).toBe("received");
    expect(await recordBenchmarkResult(open.db, id, 1n, CID, at(10))).toBe("not_open"); // answered once
    expect(await openBenchmarks(open.db, 1n, at(11))).toEqual([]);
    const row = await open.db.selectFrom("benchmarks").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect([row.status, row.received_at!.getTime() - row.fetched_at!.getTime()]).toEqual(["submitted", 7_000]);
  });

  it("expires a read challenge not answered in time and an unread one of a past epoch; a new epoch challenges again", async () => {
    await open.db.updateTable("benchmarks").set({ status: "verified" }).execute();
    // Epoch 8: worker 1 is challenged again, reads it and goes silent.
    const [next] = await issueBenchmarks(open.db, options({ epoch: 8n, now: at(100), heartbeatTimeoutSeconds: 120 }));
    await openBenchmarks(open.db, 1n, at(101));
    expect(await expireBenchmarks(open.db, { epoch: 8n, now: at(500), timeoutSeconds: 600 })).toEqual([]);
    expect(await expireBenchmarks(open.db, { epoch: 8n, now: at(702), timeoutSeconds: 600 })).toEqual([next!.id]);
    // Within the epoch, an interval lets it be challenged again; the unread challenge expires with its epoch.
    const [again] = await issueBenchmarks(open.db, options({ epoch: 8n, now: at(800), intervalSeconds: 600, heartbeatTimeoutSeconds: 820 }));
    expect(again).toBeDefined();
    expect(await expireBenchmarks(open.db, { epoch: 8n, now: at(900), timeoutSeconds: 600 })).toEqual([]);
    expect(await expireBenchmarks(open.db, { epoch: 9n, now: at(900), timeoutSeconds: 600 })).toEqual([again!.id]);
    expect(await status()).toEqual([["1", "verified"], ["1", "expired"], ["1", "expired"]]);
  });
});
