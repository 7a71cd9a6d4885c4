import { genuineSeed, type PorBenchConfig } from "./config.js";
import type { GenuineRecord } from "./jobs.js";
import type { JobPool } from "./pool.js";
import type { BenchTask } from "./tasks.js";

export interface GenuineFrames {
  task: BenchTask;
  records: GenuineRecord[];
}

/**
 * Genuine renders of every task at its own samples per pixel with seeds the manager never used: its detector windows
 * (both detectors) for `envelopeSeeds` seeds per frame, the marks alone (key-aware detector) for `markSeeds` more.
 * Heaviest tasks first, so that the two workers finish together.
 */
export async function renderGenuine(tasks: readonly BenchTask[], config: PorBenchConfig, pool: JobPool): Promise<GenuineFrames[]> {
  const cost = (t: BenchTask) => t.samples * t.frames.length * (t.envelopeSeeds * 10 + t.markSeeds) * (t.scene === "room" ? 4 : 1);
  const order = [...tasks].sort((a, b) => cost(b) - cost(a));
  const started = performance.now();
  const results = await pool.all("genuine", order.map((task) => ({
    marked: task.marked, key: task.key, resolution: config.resolution, samples: task.samples, bounces: config.bounces,
    envelopeSeeds: Array.from({ length: task.envelopeSeeds }, (_, i) => genuineSeed(task.index, i)),
    markSeeds: Array.from({ length: task.markSeeds }, (_, i) => genuineSeed(task.index, task.envelopeSeeds + i)),
  })));
  process.stdout.write(`genuine renders: ${results.flat().length} frames in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return order.map((task, i) => ({ task, records: results[i]! }));
}
