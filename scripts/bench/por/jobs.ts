import type { Resolution } from "../../../keepers/engines/index.js";
import { loadScene } from "../../../keepers/engines/pathtracer/loadScene.js";
import { markGltfTask } from "../../../keepers/engines/pathtracer/marks/markGltfTask.js";
import { deriveTaskSecret } from "../../../por/deriveTaskSecret.js";
import type { Image } from "../../../por/image.js";
import { PorError } from "../../../por/porError.js";
import { DEFAULT_IMPRINT_TOLERANCE } from "../../../por/recordImprints.js";
import { createTaskKey, type TaskKey } from "../../../por/taskKey.js";
import { verifyBaseline } from "../../../por/verifyBaseline.js";
import { verifyKeyed } from "../../../por/verifyKeyed.js";
import { MEASURE_SEED } from "./config.js";
import { envelopeWindow, renderWindows } from "./renderWindows.js";

/** The manager's secret of every bench task (test vector, not a real one). */
export const MANAGER_SECRET = new Uint8Array(32).map((_, i) => 100 + i);

export interface MarkInput {
  taskId: string;
  scene: string;
  output: string;
  frames: number[];
  resolution: Resolution;
  n: number;
  samples: number;
  bounces: number;
  previews: [number, Image][];
}

export interface MarkOutput {
  /** Null when placement found no room for every mark (`PLACEMENT_FAILED`): the task is counted and left out. */
  key: TaskKey | null;
  failure: string | null;
  /** Marks whose colour reached the asked e_i in every frame. */
  reached: number;
  timings: { placement: number; insertion: number; measurement: number };
}

/** A manager's marking of one task (`markGltfTask`), the previews shared by every task of the scene. */
async function markTask(input: MarkInput): Promise<MarkOutput> {
  try {
    return await markTaskOrFail(input);
  } catch (error) {
    if (!(error instanceof PorError) || error.code !== "PLACEMENT_FAILED") throw error;
    return { key: null, failure: error.message, reached: 0, timings: { placement: 0, insertion: 0, measurement: 0 } };
  }
}

async function markTaskOrFail(input: MarkInput): Promise<MarkOutput> {
  const marked = await markGltfTask(input.scene, input.output, {
    frames: input.frames, resolution: input.resolution, key: createTaskKey(MANAGER_SECRET, input.taskId, { n: input.n }),
    secret: deriveTaskSecret(MANAGER_SECRET, input.taskId), render: { samples: input.samples, bounces: input.bounces, denoise: false },
    previews: new Map(input.previews), measure: { seed: MEASURE_SEED },
  });
  const { placement, insertion, measurement } = marked.timings;
  return { key: marked.key, failure: null, reached: marked.colours.filter((c) => c.reached).length, timings: { placement, insertion, measurement } };
}

export interface GenuineInput {
  marked: string;
  key: TaskKey;
  resolution: Resolution;
  samples: number;
  bounces: number;
  /** Seeds rendered over the detectors' windows (both detectors), and over the marks only (key-aware detector). */
  envelopeSeeds: number[];
  markSeeds: number[];
}

export interface GenuineRecord {
  frame: number;
  seed: number;
  window: "envelope" | "marks";
  keyed: { accepted: boolean; matched: number; required: number; falseAccept: number; maxDistance: number };
  /** The key-aware detector at the denoiser's tolerance (8 levels) instead of the exact one. */
  keyed8: { accepted: boolean; matched: number };
  baseline: { accepted: boolean; minDeviation: number; deviations: number[] } | null;
}

/**
 * The key with another match tolerance, its null model unchanged (counted at 1.5 x the key's own tolerance): for
 * comparing the exact tolerance with the denoiser's on the same keys.
 */
export function withTolerance(key: TaskKey, tolerance: number): TaskKey {
  return { ...key, detector: { ...key.detector!, tolerance } };
}

/** Genuine renders of a marked task at its samples, seeds other than the manager's, each verified by the detectors. */
async function genuine(input: GenuineInput): Promise<GenuineRecord[]> {
  const scene = await loadScene(input.marked, { textures: true });
  const records: GenuineRecord[] = [];
  for (const placement of input.key.placements) {
    const { frame, regions } = placement;
    const options = { samples: input.samples, bounces: input.bounces, resolution: input.resolution };
    const sets = [
      { window: "envelope" as const, seeds: input.envelopeSeeds, windows: regions.map((k) => envelopeWindow(k, input.resolution)) },
      { window: "marks" as const, seeds: input.markSeeds, windows: regions },
    ];
    for (const set of sets) {
      renderWindows(scene, frame, set.windows, set.seeds, options).forEach((image, i) => {
        const k = verifyKeyed(image, input.key, frame);
        const k8 = verifyKeyed(image, withTolerance(input.key, DEFAULT_IMPRINT_TOLERANCE), frame);
        const b = set.window === "envelope" ? verifyBaseline(image, regions) : null;
        records.push({
          frame, seed: set.seeds[i]!, window: set.window,
          keyed: { accepted: k.accepted, matched: k.matched, required: k.required, falseAccept: k.falseAccept, maxDistance: Math.max(...k.regions.map((r) => r.distance)) },
          keyed8: { accepted: k8.accepted, matched: k8.matched },
          baseline: b ? { accepted: b.accepted, minDeviation: Math.min(...b.regions.map((r) => r.deviation)), deviations: b.regions.map((r) => r.deviation) } : null,
        });
      });
    }
  }
  return records;
}

const JOBS = { markTask, genuine };
export type JobKind = keyof typeof JOBS;
export type JobInput<K extends JobKind> = Parameters<(typeof JOBS)[K]>[0];
export type JobOutput<K extends JobKind> = Awaited<ReturnType<(typeof JOBS)[K]>>;

export function runJob<K extends JobKind>(kind: K, input: JobInput<K>): Promise<JobOutput<K>> {
  const job = JOBS[kind] as (input: JobInput<K>) => Promise<JobOutput<K>>;
  return job(input);
}
