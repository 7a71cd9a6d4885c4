import { join } from "node:path";
import { engineForScene, sampleScene } from "../../../keepers/engines/index.js";
import { decodePng } from "../../../por/decodePng.js";
import type { Image } from "../../../por/image.js";
import type { TaskKey } from "../../../por/taskKey.js";
import { PREVIEW_SEED, taskSeed, type PorBenchConfig, type SceneName, type ScenePlan } from "./config.js";
import type { MarkOutput } from "./jobs.js";
import type { JobPool } from "./pool.js";

/** One marked task of the bench: a key, its marked .glb, the seed its worker renders with. */
export interface BenchTask {
  id: string;
  scene: SceneName;
  /** The unmarked scene and the marked one. */
  source: string;
  marked: string;
  frames: number[];
  samples: number;
  /** Index within its scene: task seeds and genuine seeds derive from it. */
  index: number;
  seed: number;
  key: TaskKey;
  fullFrame: boolean;
  envelopeSeeds: number;
  markSeeds: number;
  marking: MarkOutput["timings"];
  reached: number;
}

/** The 4-spp unmarked previews of a scene's task frames, rendered once and shared by all its tasks (`previews`). */
async function previewsOf(path: string, frames: number[], config: PorBenchConfig): Promise<[number, Image][]> {
  const rendered = await engineForScene(path).render(path, {
    frames, resolution: config.resolution, samples: 4, seed: PREVIEW_SEED, bounces: config.bounces, denoise: false, threads: 2,
  }, () => {});
  return rendered.map((r) => [r.frame, decodePng(r.png)]);
}

/** Marks every task of one scene, `workers` at a time; returns them in plan order. */
async function markScene(plan: ScenePlan, config: PorBenchConfig, pool: JobPool, dir: string, failures: PlacementFailure[]): Promise<BenchTask[]> {
  const source = (await sampleScene(plan.name)).path;
  const previews = await previewsOf(source, plan.frames, config);
  const specs = plan.plans.flatMap((p) => Array.from({ length: p.tasks }, (_, i) => ({ plan: p, fullFrame: i < p.fullFrames })));
  const outputs = await pool.all("markTask", specs.map((s, index) => ({
    taskId: `bench/${plan.name}/${s.plan.samples}spp/${index}`, scene: source, output: join(dir, `${plan.name}-${index}.glb`),
    frames: plan.frames, resolution: config.resolution, n: config.marks, samples: s.plan.samples, bounces: config.bounces, previews,
  })));
  const tasks: BenchTask[] = [];
  specs.forEach((s, index) => {
    const { key, failure, timings, reached } = outputs[index]!;
    const id = `bench/${plan.name}/${s.plan.samples}spp/${index}`;
    if (!key) {
      failures.push({ id, failure: failure ?? "" });
      return;
    }
    tasks.push({
      id, scene: plan.name, source, marked: join(dir, `${plan.name}-${index}.glb`), frames: plan.frames, samples: s.plan.samples, index,
      seed: taskSeed(index), key, fullFrame: s.fullFrame, envelopeSeeds: s.plan.envelopeSeeds, markSeeds: s.plan.markSeeds, marking: timings, reached,
    });
  });
  return tasks;
}

/** A task whose marks found no place (n marks in a small frame with much empty background). */
export interface PlacementFailure {
  id: string;
  failure: string;
}

export async function markTasks(config: PorBenchConfig, pool: JobPool, dir: string): Promise<{ tasks: BenchTask[]; failures: PlacementFailure[] }> {
  const tasks: BenchTask[] = [];
  const failures: PlacementFailure[] = [];
  for (const plan of config.scenes) {
    const started = performance.now();
    tasks.push(...(await markScene(plan, config, pool, dir, failures)));
    process.stdout.write(`marked ${plan.name}: ${tasks.filter((t) => t.scene === plan.name).length} tasks in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return { tasks, failures };
}
