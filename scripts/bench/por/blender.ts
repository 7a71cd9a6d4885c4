import { cropImage } from "../../../keepers/engines/marks/cropImage.js";
import { join } from "node:path";
import { createBlenderEngine, type Resolution } from "../../../keepers/engines/index.js";
import { insertBlendMarks } from "../../../keepers/engines/blender/marks/insertBlendMarks.js";
import { markBlendTask } from "../../../keepers/engines/blender/marks/markBlendTask.js";
import { blendScenes } from "../../../keepers/engines/scenes/blendScenes.js";
import { compareCrop } from "../../../por/compareCrop.js";
import { decodePng } from "../../../por/decodePng.js";
import { deriveTaskSecret } from "../../../por/deriveTaskSecret.js";
import { DEFAULT_SPOT_SIZE, drawSpotCrop } from "../../../por/drawSpotCrop.js";
import type { Image } from "../../../por/image.js";
import { PorError } from "../../../por/porError.js";
import { psnr } from "../../../por/psnr.js";
import { DEFAULT_IMPRINT_TOLERANCE } from "../../../por/recordImprints.js";
import { createTaskKey, type Region, type TaskKey } from "../../../por/taskKey.js";
import { verifyBaseline } from "../../../por/verifyBaseline.js";
import { verifyKeyed } from "../../../por/verifyKeyed.js";
import { SPOT_ATTEMPTS, sameImage } from "../../../keepers/engines/spotRerender.js";
import { genuineSeed, MEASURE_SEED, PREVIEW_SEED, taskSeed } from "./config.js";
import type { ForgeryKind } from "./forgeries.js";
import { psnrOutside } from "./forgeries.js";
import { MANAGER_SECRET, withTolerance } from "./jobs.js";
import { blurred, jpegReencoded, noisy, shifted } from "./transforms.js";

/** One .blend task of the plan: its samples, its n, and how many genuine renders it gets with fresh seeds. */
export interface BlenderTaskPlan {
  samples: number;
  n: number;
  genuineSeeds: number;
}

export interface BlenderBenchConfig {
  quick: boolean;
  scene: "shot.blend";
  frames: number[];
  resolution: Resolution;
  bounces: number;
  amplitude: number;
  tasks: BlenderTaskPlan[];
  shifts: [number, number][];
  jpegQualities: number[];
  blurSigmas: number[];
  noiseLevels: number[];
  noiseDraws: number;
  lowerSamples: number[];
  verifyRuns: number;
}

function offsets(r: number): [number, number][] {
  const out: [number, number][] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx !== 0 || dy !== 0) out.push([dx, dy]);
  return out;
}

const FULL: BlenderBenchConfig = {
  quick: false, scene: "shot.blend", frames: [1, 24], resolution: { width: 320, height: 180 }, bounces: 3, amplitude: 0.5,
  tasks: [
    { samples: 16, n: 8, genuineSeeds: 5 }, { samples: 16, n: 8, genuineSeeds: 5 }, { samples: 16, n: 12, genuineSeeds: 4 }, { samples: 16, n: 4, genuineSeeds: 3 },
    { samples: 64, n: 8, genuineSeeds: 2 }, { samples: 256, n: 8, genuineSeeds: 1 },
  ],
  shifts: offsets(4), jpegQualities: [50, 75, 90, 95, 100], blurSigmas: [0.6, 1, 2, 3], noiseLevels: [1, 2, 4, 8], noiseDraws: 8, lowerSamples: [1, 2, 4], verifyRuns: 51,
};

const QUICK: BlenderBenchConfig = { ...FULL, quick: true, tasks: [{ samples: 16, n: 8, genuineSeeds: 1 }, { samples: 16, n: 8, genuineSeeds: 0 }], shifts: offsets(1), noiseDraws: 1, lowerSamples: [1] };

export function blenderBenchConfig(): BlenderBenchConfig {
  return process.env["POR_BENCH_QUICK"] === "1" ? QUICK : FULL;
}

/** The verifier's own secret for its spot crops (test vector; the procedural scenes' bench uses the same). */
const VERIFIER_SECRET = new Uint8Array(32).map((_, i) => 200 - i);

export interface BlenderTaskRow {
  id: string;
  samples: number;
  n: number;
  seed: number;
  /** Milliseconds of each `markBlendTask` step (the preview is shared by every task and timed once). */
  timings: { placement: number; insertion: number; measurement: number; total: number };
  /** Median ms of each detector on one of the task's genuine 320x180 frames. */
  verifyKeyedMs: number;
  verifyBaselineMs: number;
  nullWindows: number;
  nullMatches: number;
}

export interface BlenderGenuine {
  task: string;
  samples: number;
  n: number;
  frame: number;
  seed: number;
  /** The task's own seed (the one a spot re-render repeats) or another. */
  own: boolean;
  keyed: { accepted: boolean; matched: number; required: number; falseAccept: number; maxDistance: number };
  keyed8: { accepted: boolean; matched: number };
  baseline: { accepted: boolean; minDeviation: number };
  /** Largest channel difference between the spot crops re-rendered by Cycles and the frame (own seed only). */
  spotFirstMax: number | null;
  spotMax: number | null;
}

export interface BlenderTrial {
  kind: ForgeryKind;
  variant: string;
  samples: number;
  baseline: boolean;
  keyed: boolean;
  keyed8: boolean;
  matched: number;
  falseAccept: number;
  /** Largest channel difference of the spot crops (first draw, informative draw) against Cycles' re-render. */
  spotFirstMax: number;
  spotMax: number;
}

export interface BlenderResults {
  /** When the run ended (ISO 8601). */
  date: string;
  config: BlenderBenchConfig;
  blenderVersion: string;
  previewMs: number;
  tasks: BlenderTaskRow[];
  failures: { id: string; failure: string }[];
  genuine: BlenderGenuine[];
  trials: BlenderTrial[];
  fidelity: { task: string; samples: number; frame: number; markPixels: number; whole: number; outside: number }[];
  spotDraws: { frames: number; firstSkipped: number; exhausted: number; renderMs: number[] };
  cyclesCalls: number;
  seconds: number;
}

interface Task {
  row: BlenderTaskRow;
  key: TaskKey;
  marked: string;
  index: number;
  plan: BlenderTaskPlan;
  own: Map<number, Image>;
  others: Map<number, Image>[];
  lower: Map<number, Map<number, Image>>;
  spots: Map<number, { first: SpotCrop; informative: SpotCrop }>;
}

interface SpotCrop {
  crop: Region;
  image: Image;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const regionsOf = (key: TaskKey, frame: number) => key.placements.find((p) => p.frame === frame)!.regions;



/**
 * The Blender scene's rows: `shot.blend` (keepers/engines/scenes/generateBlendScenes.py, a camera that moves between
 * frames 1 and 24) marked by `markBlendTask` once per task (one key each) at 16, 64 and 256 spp, rendered by Cycles
 * with the task's seed and fresh ones, every frame verified by both detectors and by Cycles' own spot re-render, and
 * forged from the task-seed frames as the procedural scenes' frames are.
 */
export async function runBlenderBench(config: BlenderBenchConfig, dir: string, blenderVersion: string): Promise<BlenderResults> {
  const started = performance.now();
  const scenes = await blendScenes();
  const source = scenes.shot;
  const engine = createBlenderEngine();
  const call = { blender: process.env["INFERIX_BLENDER"] ?? "blender" };
  const { frames, resolution, bounces } = config;
  let cyclesCalls = 0;
  const render = async (file: string, samples: number, seed: number, crop?: { frame: number; region: Region }): Promise<Map<number, Image>> => {
    cyclesCalls++;
    const rendered = await engine.render(file, {
      frames: crop ? [crop.frame] : frames, samples, seed, bounces, denoise: false, threads: 2, resolution,
      ...(crop ? { crop: { x: crop.region.x0, y: crop.region.y0, width: crop.region.x1 - crop.region.x0, height: crop.region.y1 - crop.region.y0 } } : {}),
    }, () => {});
    return new Map(rendered.map((r) => [r.frame, decodePng(r.png)]));
  };
  const log = (what: string) => process.stdout.write(`blender: ${what} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);

  let t0 = performance.now();
  const previews = await render(source, 4, PREVIEW_SEED);
  const previewMs = performance.now() - t0;
  const tasks: Task[] = [];
  const failures: BlenderResults["failures"] = [];
  for (const [index, plan] of config.tasks.entries()) {
    const id = `bench/blender/shot/${plan.samples}spp/n${plan.n}/${index}`;
    const marked = join(dir, `shot-${index}.blend`);
    t0 = performance.now();
    try {
      const result = await markBlendTask(source, marked, {
        frames, resolution, key: createTaskKey(MANAGER_SECRET, id, { n: plan.n, amplitude: config.amplitude }), secret: deriveTaskSecret(MANAGER_SECRET, id),
        render: { samples: plan.samples, bounces, denoise: false }, previews, measure: { seed: MEASURE_SEED }, blender: { blender: call.blender },
      });
      const total = performance.now() - t0;
      const { placement, insertion, measurement } = result.timings;
      tasks.push({
        row: { id, samples: plan.samples, n: plan.n, seed: taskSeed(index), timings: { placement, insertion, measurement, total }, verifyKeyedMs: NaN, verifyBaselineMs: NaN,
          nullWindows: result.key.detector!.nullWindows, nullMatches: result.key.detector!.nullMatches },
        key: result.key, marked, index, plan, own: new Map(), others: [], lower: new Map(), spots: new Map(),
      });
      log(`marked ${id} in ${(total / 1000).toFixed(1)} s`);
    } catch (error) {
      if (!(error instanceof PorError) || error.code !== "PLACEMENT_FAILED") throw error;
      failures.push({ id, failure: error.message });
      log(`placement failed for ${id}`);
    }
  }

  // Genuine renders: the task's own seed (forgeries, spot), then fresh seeds; the marked scene at fewer samples.
  for (const task of tasks) {
    task.own = await render(task.marked, task.plan.samples, task.row.seed);
    for (let j = 0; j < task.plan.genuineSeeds; j++) task.others.push(await render(task.marked, task.plan.samples, genuineSeed(task.index, j)));
    for (const s of config.lowerSamples) task.lower.set(s, await render(task.marked, s, task.row.seed));
    log(`rendered ${task.row.id}: ${1 + task.plan.genuineSeeds} genuine, ${config.lowerSamples.length} lower-sample`);
  }

  // Spot crops: the verifier's first draw, and its first draw that differs at another seed (the task's own frame
  // against its fresh-seed frame, or two re-renders when it has none), both re-rendered by Cycles at the task's seed.
  const spotDraws: BlenderResults["spotDraws"] = { frames: 0, firstSkipped: 0, exhausted: 0, renderMs: [] };
  for (const task of tasks) {
    for (const frame of frames) {
      const own = task.own.get(frame)!;
      const other = task.others[0]?.get(frame) ?? (await render(task.marked, task.plan.samples, task.row.seed + 1)).get(frame)!;
      let first: Region | null = null;
      let informative: Region | null = null;
      for (let attempt = 0; attempt < SPOT_ATTEMPTS && !informative; attempt++) {
        const crop = drawSpotCrop(VERIFIER_SECRET, task.row.id, frame, resolution.width, resolution.height, DEFAULT_SPOT_SIZE, attempt);
        first ??= crop;
        if (!sameImage(cropImage(own, crop), cropImage(other, crop))) informative = crop;
      }
      spotDraws.frames++;
      if (!informative) spotDraws.exhausted++;
      if (informative !== first) spotDraws.firstSkipped++;
      const reRender = async (region: Region): Promise<SpotCrop> => {
        const t = performance.now();
        const image = (await render(task.marked, task.plan.samples, task.row.seed, { frame, region })).get(frame)!;
        spotDraws.renderMs.push(performance.now() - t);
        return { crop: region, image };
      };
      const firstCrop = await reRender(first!);
      task.spots.set(frame, { first: firstCrop, informative: informative && informative !== first ? await reRender(informative) : firstCrop });
    }
  }
  log("spot crops re-rendered");

  const verdict = (image: Image, task: Task, frame: number) => {
    const k = verifyKeyed(image, task.key, frame);
    const k8 = verifyKeyed(image, withTolerance(task.key, DEFAULT_IMPRINT_TOLERANCE), frame);
    const b = verifyBaseline(image, regionsOf(task.key, frame));
    const spot = task.spots.get(frame)!;
    return {
      k, k8, b,
      spotFirstMax: compareCrop(image, spot.first.crop, spot.first.image).maxDifference,
      spotMax: compareCrop(image, spot.informative.crop, spot.informative.image).maxDifference,
    };
  };

  const genuine: BlenderGenuine[] = [];
  for (const task of tasks) {
    const sets: [Map<number, Image>, number, boolean][] = [[task.own, task.row.seed, true], ...task.others.map((m, j): [Map<number, Image>, number, boolean] => [m, genuineSeed(task.index, j), false])];
    for (const [images, seed, own] of sets) {
      for (const frame of frames) {
        const v = verdict(images.get(frame)!, task, frame);
        genuine.push({
          task: task.row.id, samples: task.plan.samples, n: task.plan.n, frame, seed, own,
          keyed: { accepted: v.k.accepted, matched: v.k.matched, required: v.k.required, falseAccept: v.k.falseAccept, maxDistance: Math.max(...v.k.regions.map((r) => r.distance)) },
          keyed8: { accepted: v.k8.accepted, matched: v.k8.matched }, baseline: { accepted: v.b.accepted, minDeviation: Math.min(...v.b.regions.map((r) => r.deviation)) },
          spotFirstMax: own ? v.spotFirstMax : null, spotMax: own ? v.spotMax : null,
        });
      }
    }
    // Verification time of one 320x180 Cycles frame with this task's n.
    const image = task.own.get(frames[0]!)!;
    const time = (f: () => unknown) => median(Array.from({ length: config.verifyRuns }, () => {
      const t = performance.now();
      f();
      return performance.now() - t;
    }));
    task.row.verifyKeyedMs = time(() => verifyKeyed(image, task.key, frames[0]!));
    task.row.verifyBaselineMs = time(() => verifyBaseline(image, regionsOf(task.key, frames[0]!)));
  }

  const trials: BlenderTrial[] = [];
  const add = (kind: ForgeryKind, variant: string, image: Image, task: Task, frame: number) => {
    const v = verdict(image, task, frame);
    trials.push({ kind, variant, samples: task.plan.samples, baseline: v.b.accepted, keyed: v.k.accepted, keyed8: v.k8.accepted, matched: v.k.matched, falseAccept: v.k.falseAccept, spotFirstMax: v.spotFirstMax, spotMax: v.spotMax });
  };
  // Unmarked: the scene as the marked one renders (same pixel filter) less its marks, at each 16-spp task's own seed.
  const fidelity: BlenderResults["fidelity"] = [];
  const plainFile = join(dir, "plain.blend");
  if (tasks.length > 0) await insertBlendMarks(source, plainFile, tasks[0]!.key, [], [], call);
  const plains: [Task, Map<number, Image>][] = [];
  for (const task of tasks.filter((t) => t.plan.samples === 16)) plains.push([task, await render(plainFile, task.plan.samples, task.row.seed)]);
  log("unmarked renders");
  for (const [task, plain] of plains) {
    for (const frame of frames) {
      const regions = regionsOf(task.key, frame);
      const marked = task.own.get(frame)!;
      fidelity.push({ task: task.row.id, samples: task.plan.samples, frame, markPixels: regions.reduce((a, r) => a + (r.x1 - r.x0) * (r.y1 - r.y0), 0), whole: psnr(plain.get(frame)!, marked), outside: psnrOutside(plain.get(frame)!, marked, regions) });
      for (const target of tasks) add("unmarked render", target === task ? "same seed" : "another seed", plain.get(frame)!, target, frame);
    }
  }
  for (const task of tasks) {
    const all = [task.own, ...task.others];
    for (const frame of frames) {
      // Another key: every genuine frame of this task submitted for every other task (the same frame of the same shot).
      for (const images of all) for (const other of tasks) if (other !== task) add("wrong key", `n ${other.plan.n}, ${other.plan.samples} spp task`, images.get(frame)!, other, frame);
      const image = task.own.get(frame)!;
      for (const [dx, dy] of config.shifts) add("shifted marks", `${Math.max(Math.abs(dx), Math.abs(dy))} px`, shifted(image, dx, dy), task, frame);
      for (const q of config.jpegQualities) {
        add("JPEG re-encode", `q${q} 4:2:0`, await jpegReencoded(image, q, "4:2:0"), task, frame);
        add("JPEG re-encode", `q${q} 4:4:4`, await jpegReencoded(image, q, "4:4:4"), task, frame);
      }
      for (const sigma of config.blurSigmas) add("blur", `sigma ${sigma}`, await blurred(image, sigma), task, frame);
      for (const sigma of config.noiseLevels) for (let d = 0; d < config.noiseDraws; d++) add("added noise", `sigma ${sigma}`, noisy(image, sigma, 1_000 * sigma + d + 31 * task.index + frame), task, frame);
      for (const [s, images] of task.lower) add("lower-sample render", `${s} spp`, images.get(frame)!, task, frame);
      for (const other of frames) if (other !== frame) for (const images of all) add("another frame", `frame ${other} as ${frame}`, images.get(other)!, task, frame);
    }
  }
  log(`${trials.length} forgery trials`);
  return { date: new Date().toISOString(), config, blenderVersion, previewMs, tasks: tasks.map((t) => t.row), failures, genuine, trials, fidelity, spotDraws, cyclesCalls, seconds: (performance.now() - started) / 1000 };
}
