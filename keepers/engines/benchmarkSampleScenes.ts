import os from "node:os";
import { BENCHMARK_SETTINGS, type BenchmarkOptions, type BenchmarkResult, type Engine } from "./engine.js";
import { sampleScenes } from "./scenes/sampleScenes.js";

/**
 * T_G per sample scene (WP eq. 19), the same way for every engine: one render of frame 0 at `BENCHMARK_SETTINGS` on
 * all cores, loading included.
 */
export async function benchmarkSampleScenes(render: Engine["render"], options: BenchmarkOptions = {}): Promise<BenchmarkResult[]> {
  const { resolution, samples, bounces, seed, frame } = BENCHMARK_SETTINGS;
  const threads = options.threads ?? os.availableParallelism();
  const results: BenchmarkResult[] = [];
  const scenes = await sampleScenes();
  // One tiny render first, so the first scene's T_G does not carry one-off costs: the path tracer's worker threads
  // and V8 compiling it, Blender's executable and libraries coming into the page cache.
  await render(scenes[0]!.path, { frames: [frame], samples: 1, seed, bounces, denoise: false, threads, resolution: { width: 16, height: 9 } }, () => {}, options.signal);
  for (const scene of scenes) {
    const started = performance.now();
    await render(scene.path, { frames: [frame], samples, seed, bounces, denoise: false, threads, resolution }, () => {}, options.signal);
    const seconds = (performance.now() - started) / 1000;
    results.push({ scene: scene.name, seconds, samplesPerSecond: (resolution.width * resolution.height * samples) / seconds });
  }
  return results;
}
