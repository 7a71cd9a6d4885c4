import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { engineForScene } from "../../engines/index.js";
import { drawInformativeCrop, spotRerender, type SpotSettings } from "../../engines/spotRerender.js";
import type { Logger } from "../../log/createLogger.js";
import { StorageError } from "../../storage/storageError.js";
import type { ContentStore } from "../../storage/contentStore.js";
import { BENCHMARK_FRAME, type BenchmarkScene } from "./benchmarkScenes.js";

export interface VerifiedBenchmark {
  id: number;
  workerId: bigint;
  accepted: boolean;
  frameTimeMs: bigint;
  reason?: string;
}

interface Submitted {
  id: number;
  scene_id: string;
  seed: string;
  width: number;
  height: number;
  samples: number;
  bounces: number;
  result_cid: string | null;
}

/**
 * Whether a reported frame is the challenge's render: the frame read from the manager's own store (the worker
 * uploaded it), and a crop drawn from a fresh secret (so the worker cannot know which pixels are checked) re-rendered
 * by the manager at the challenge's seed and settings. The built-in tracer is bit-deterministic per seed and crop, so
 * one differing pixel means another seed, fewer samples or an edited image. Null: the frame cannot be read now (retry).
 */
async function judge(row: Submitted, scene: BenchmarkScene | undefined, store: ContentStore): Promise<string | null | undefined> {
  if (!scene) return `scene ${row.scene_id} is not one of this manager's sample scenes`;
  let png: Uint8Array;
  try {
    png = await store.getBytes(row.result_cid!, { maxBytes: row.width * row.height * 4 + 65_536 });
  } catch (error) {
    if (error instanceof StorageError && error.retryable) return null;
    return `the frame cannot be read from the manager's store (upload it before reporting): ${(error as Error).message}`;
  }
  const settings: SpotSettings = { frame: BENCHMARK_FRAME, samples: row.samples, seed: Number(row.seed), bounces: row.bounces, denoise: false, resolution: { width: row.width, height: row.height } };
  const engine = engineForScene(scene.path, { engine: "pathtracer" });
  const { crop } = await drawInformativeCrop(engine, scene.path, settings, randomBytes(32), `benchmark/${row.id}`);
  try {
    const verdict = await spotRerender(engine, scene.path, png, settings, crop);
    return verdict.matches ? undefined : `crop ${JSON.stringify(crop)} differs from the manager's render: ${verdict.differingPixels} pixels, by up to ${verdict.maxDifference}`;
  } catch (error) {
    return `not a frame of this challenge: ${(error as Error).message}`;
  }
}

/**
 * Judges every reported challenge (at most `max` a round): `verified` with its frame time, or `rejected` with the
 * reason. The frame time is the manager's own clock from the worker's first read to its report, so it includes the
 * scene's fetch and the frame's upload: a worker cannot report a faster time than it delivered.
 */
export async function verifyBenchmarks(db: Kysely<Database>, store: ContentStore, scenes: readonly BenchmarkScene[], logger: Logger, max = 16): Promise<VerifiedBenchmark[]> {
  const rows = await db.selectFrom("benchmarks").select(["id", "worker_id", "scene_id", "seed", "width", "height", "samples", "bounces", "result_cid", "fetched_at", "received_at"])
    .where("status", "=", "submitted").orderBy("id").limit(max).execute();
  const results: VerifiedBenchmark[] = [];
  for (const row of rows) {
    const scene = scenes.find((s) => s.sceneId.toLowerCase() === row.scene_id.toLowerCase());
    const reason = await judge(row, scene, store);
    if (reason === null) continue;
    // Never 0: the registry refuses a zero frame time (and IB = T_G^0 / T_G).
    const frameTimeMs = BigInt(Math.max(1, row.received_at!.getTime() - row.fetched_at!.getTime()));
    await db.updateTable("benchmarks").set({ status: reason === undefined ? "verified" : "rejected", frame_time_ms: frameTimeMs, reason: reason ?? null, updated_at: new Date() })
      .where("id", "=", row.id).where("status", "=", "submitted").execute();
    const result: VerifiedBenchmark = { id: row.id, workerId: BigInt(row.worker_id), accepted: reason === undefined, frameTimeMs, ...(reason !== undefined ? { reason } : {}) };
    if (reason !== undefined) logger.warn(result, "benchmark frame rejected");
    results.push(result);
  }
  return results;
}
