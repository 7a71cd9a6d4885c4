import { randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import type { BenchmarkStatus, Database } from "../../db/schema.js";
import type { BenchmarkScene, BenchmarkSettings } from "./benchmarkScenes.js";

/** Challenges not yet over: at most one per worker (the unique index `benchmarks_one_open`). */
export const OPEN: BenchmarkStatus[] = ["issued", "fetched", "submitted"];

export interface IssueOptions {
  epoch: bigint;
  now: Date;
  /** Governed scenes to draw from (at least one). */
  scenes: readonly BenchmarkScene[];
  settings: BenchmarkSettings;
  /** Only workers that heartbeated within this many seconds are challenged. */
  heartbeatTimeoutSeconds: number;
  /** A worker is challenged again within an epoch once its last challenge is this old; unset, once an epoch. */
  intervalSeconds?: number;
  maxPerRound: number;
}

export interface IssuedBenchmark {
  id: number;
  workerId: bigint;
  sceneId: string;
}

/**
 * One challenge to every live eligible worker that has none in this epoch (nor, with `intervalSeconds`, a recent
 * one) and none open: a random governed scene and a fresh uint32 seed, drawn here, so no render can be made before
 * the worker reads the challenge. The unique index on open challenges makes a racing round's insert fail, not double.
 */
export async function issueBenchmarks(db: Kysely<Database>, options: IssueOptions): Promise<IssuedBenchmark[]> {
  if (options.scenes.length === 0) return [];
  const seenSince = new Date(options.now.getTime() - options.heartbeatTimeoutSeconds * 1000);
  const recentSince = options.intervalSeconds === undefined ? null : new Date(options.now.getTime() - options.intervalSeconds * 1000);
  const workers = await db.selectFrom("workers as w").select("w.worker_id")
    .where("w.eligible", "=", true).where("w.last_seen", ">=", seenSince)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("benchmarks as b").select("b.id").whereRef("b.worker_id", "=", "w.worker_id")
      .where((inner) => inner.or([
        inner("b.status", "in", OPEN),
        recentSince === null ? inner("b.epoch", "=", options.epoch.toString()) : inner.and([inner("b.epoch", "=", options.epoch.toString()), inner("b.issued_at", ">=", recentSince)]),
      ])))))
    .orderBy("w.worker_id").limit(options.maxPerRound).execute();
  const issued: IssuedBenchmark[] = [];
  for (const { worker_id } of workers) {
    const scene = options.scenes[randomInt(options.scenes.length)]!;
    const row = await db.insertInto("benchmarks").values({
      worker_id, epoch: options.epoch, scene_id: scene.sceneId.toLowerCase(), scene_cid: scene.cid, seed: randomInt(0, 2 ** 32),
      width: options.settings.width, height: options.settings.height, samples: options.settings.samples, bounces: options.settings.bounces,
      issued_at: options.now, updated_at: options.now,
    }).onConflict((c) => c.column("worker_id").where("status", "in", OPEN).doNothing())
      .returning("id").executeTakeFirst();
    if (row) issued.push({ id: row.id, workerId: BigInt(worker_id), sceneId: scene.sceneId });
  }
  return issued;
}
