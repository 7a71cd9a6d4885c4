import type { Hex } from "viem";
import { sceneKey } from "../../chain/paramKeys.js";
import { BENCHMARK_SETTINGS } from "../../engines/engine.js";
import { sampleScenes } from "../../engines/scenes/sampleScenes.js";
import type { ContentStore } from "../../storage/contentStore.js";

/** A sample scene the manager can issue: its registry key, its file (for the manager's re-render) and its CID. */
export interface BenchmarkScene {
  name: string;
  sceneId: Hex;
  path: string;
  cid: string;
}

/** The render settings of a challenge; the defaults are the engine benchmark's, which the reference times were taken at. */
export interface BenchmarkSettings {
  width: number;
  height: number;
  samples: number;
  bounces: number;
}

export const DEFAULT_BENCHMARK_SETTINGS: BenchmarkSettings = {
  width: BENCHMARK_SETTINGS.resolution.width, height: BENCHMARK_SETTINGS.resolution.height,
  samples: BENCHMARK_SETTINGS.samples, bounces: BENCHMARK_SETTINGS.bounces,
};

/** The frame every challenge renders: frame 0, as the engine benchmark and the governed reference times do. */
export const BENCHMARK_FRAME = BENCHMARK_SETTINGS.frame;

/** The registry name of a sample scene: `inferix/<name>` (scripts/deploy sets the reference times under these). */
export function benchmarkSceneName(name: string): string {
  return `inferix/${name}`;
}

const prepared = new WeakMap<ContentStore, Promise<BenchmarkScene[]>>();

/**
 * The built-in sample scenes, generated and added to the manager's store (so workers fetch them through its gateway),
 * once per store. Which of them are issued is the registry's call (`governedScenes`), read every round.
 */
export function prepareBenchmarkScenes(store: ContentStore, names?: readonly string[]): Promise<BenchmarkScene[]> {
  let scenes = prepared.get(store);
  if (!scenes) {
    scenes = (async () => Promise.all((await sampleScenes()).map(async (s) => ({ name: s.name, sceneId: sceneKey(benchmarkSceneName(s.name)), path: s.path, cid: await store.addFile(s.path) }))))();
    prepared.set(store, scenes);
    scenes.catch(() => prepared.delete(store)); // a failed preparation is tried again next round
  }
  return names ? scenes.then((all) => all.filter((s) => names.includes(s.name))) : scenes;
}

/** The prepared scenes the ParameterRegistry holds a reference time for: a benchmark of any other would revert. */
export function governedScenes(scenes: readonly BenchmarkScene[], governedIds: readonly Hex[]): BenchmarkScene[] {
  const ids = new Set(governedIds.map((id) => id.toLowerCase()));
  return scenes.filter((s) => ids.has(s.sceneId.toLowerCase()));
}
