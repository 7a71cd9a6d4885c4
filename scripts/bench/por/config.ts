import type { Resolution } from "../../../keepers/engines/index.js";

export type SceneName = "room" | "product" | "heavy";

/** How many tasks (keys) of one scene are marked at one sample count, and how many genuine renders each gets. */
export interface TaskPlan {
  samples: number;
  tasks: number;
  /** Seeds per task frame whose detector windows (v_i grown by one pixel) are rendered: both detectors read them. */
  envelopeSeeds: number;
  /** More seeds per task frame with only the marks' pixels k_i rendered: the key-aware detector reads nothing else. */
  markSeeds: number;
  /** Tasks (the first ones) that also get a full frame rendered, for the forgeries and fidelity. */
  fullFrames: number;
}

export interface ScenePlan {
  name: SceneName;
  frames: number[];
  plans: TaskPlan[];
}

export interface PorBenchConfig {
  quick: boolean;
  /** Frames of the detector statistics: small, so that thousands of genuine renders stay affordable. */
  resolution: Resolution;
  marks: number;
  bounces: number;
  scenes: ScenePlan[];
  /** Per-n timings and the 1920x1080 verification. */
  timing: { resolution: Resolution; ns: number[]; verifyRuns: number; repeats: number; frameSamples: number; tuneSamples: number };
  forgeries: { shifts: [number, number][]; jpegQualities: number[]; blurSigmas: number[]; noiseLevels: number[]; noiseDraws: number; lowerSamples: number[] };
}

/** Every (dx, dy) with |dx|, |dy| <= r except (0, 0): marks painted up to r pixels off, in every direction. */
function offsets(r: number): [number, number][] {
  const out: [number, number][] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx !== 0 || dy !== 0) out.push([dx, dy]);
  return out;
}

const FULL: PorBenchConfig = {
  quick: false,
  resolution: { width: 320, height: 180 },
  marks: 15,
  bounces: 3,
  scenes: [
    {
      name: "product", frames: [0], plans: [
        { samples: 16, tasks: 96, envelopeSeeds: 3, markSeeds: 16, fullFrames: 40 },
        { samples: 64, tasks: 4, envelopeSeeds: 8, markSeeds: 40, fullFrames: 0 },
        { samples: 256, tasks: 2, envelopeSeeds: 2, markSeeds: 10, fullFrames: 0 },
      ],
    },
    {
      name: "heavy", frames: [0], plans: [
        { samples: 16, tasks: 8, envelopeSeeds: 10, markSeeds: 40, fullFrames: 5 },
        { samples: 64, tasks: 2, envelopeSeeds: 8, markSeeds: 30, fullFrames: 0 },
        { samples: 256, tasks: 1, envelopeSeeds: 2, markSeeds: 10, fullFrames: 0 },
      ],
    },
    {
      name: "room", frames: [0, 1, 2, 3], plans: [
        { samples: 16, tasks: 4, envelopeSeeds: 5, markSeeds: 20, fullFrames: 1 },
        { samples: 64, tasks: 1, envelopeSeeds: 3, markSeeds: 10, fullFrames: 0 },
        { samples: 256, tasks: 1, envelopeSeeds: 1, markSeeds: 3, fullFrames: 0 },
      ],
    },
  ],
  timing: { resolution: { width: 1920, height: 1080 }, ns: [2, 5, 8, 12, 15, 20, 30, 40], verifyRuns: 101, repeats: 3, frameSamples: 4, tuneSamples: 16 },
  forgeries: { shifts: offsets(4), jpegQualities: [50, 75, 90, 95, 100], blurSigmas: [0.6, 1, 2, 3], noiseLevels: [1, 2, 4, 8], noiseDraws: 8, lowerSamples: [1, 2, 4] },
};

/** POR_BENCH_QUICK=1: the same steps on a handful of tasks and renders, for iterating on the bench itself. */
const QUICK: PorBenchConfig = {
  ...FULL,
  quick: true,
  scenes: [
    { name: "product", frames: [0], plans: [{ samples: 16, tasks: 4, envelopeSeeds: 2, markSeeds: 4, fullFrames: 2 }, { samples: 64, tasks: 1, envelopeSeeds: 1, markSeeds: 2, fullFrames: 0 }] },
    { name: "room", frames: [0, 1], plans: [{ samples: 16, tasks: 2, envelopeSeeds: 1, markSeeds: 2, fullFrames: 1 }] },
  ],
  timing: { ...FULL.timing, ns: [2, 15, 40], verifyRuns: 21, repeats: 1 },
  forgeries: { ...FULL.forgeries, shifts: offsets(1), noiseDraws: 1 },
};

export function benchConfig(): PorBenchConfig {
  return process.env["POR_BENCH_QUICK"] === "1" ? QUICK : FULL;
}

/** Seeds: the manager's measurements use 1 (preview) and 1,000+ (rings, imprints); tasks and verifiers never do. */
export const PREVIEW_SEED = 1;
export const MEASURE_SEED = 1_000;
/** The task's own render seed (what a spot re-render repeats), distinct per task. */
export const taskSeed = (index: number) => 10_000 + 97 * index;
/** Genuine re-renders' seeds: another range again. */
export const genuineSeed = (task: number, i: number) => 100_000 + 1_000 * task + i;
