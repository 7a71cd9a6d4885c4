/**
 * `npm run bench:render`: the built-in path tracer on the sample scenes, written to docs/render.md.
 *
 * Per scene and resolution: wall-clock seconds for one frame (one `render()` call on all cores: scene loading, BVH
 * build and worker start-up included, as a render task pays them) and camera samples per second (pixels x samples
 * per pixel / seconds). Then T_G per scene as `engine.benchmark()` measures it for the Image-Benchmark. The Cycles
 * columns are left for the Blender engine's bench to fill on the same machine.
 */
import os from "node:os";
import { BENCHMARK_SETTINGS, engineForScene, sampleScenes, type Resolution } from "../../keepers/engines/index.js";
import { renderTable } from "../lib/format.js";
import { writeBenchDocument } from "../lib/writeBenchDoc.js";

const OUT = "docs/render.md";
const BOUNCES = 4;
const SEED = 1;
/** 16 samples per pixel at both sizes keeps the whole bench near a minute on 2 cores. */
const RUNS: readonly { resolution: Resolution; samples: number }[] = [
  { resolution: { width: 640, height: 360 }, samples: 16 },
  { resolution: { width: 1280, height: 720 }, samples: 16 },
];

const threads = os.availableParallelism();
const scenes = await sampleScenes();
const rows: string[][] = [];
for (const scene of scenes) {
  const engine = engineForScene(scene.path);
  const info = await engine.inspect(scene.path);
  // One tiny render first, so the first measured run does not pay for V8 compiling the tracer.
  await engine.render(scene.path, { frames: [0], samples: 1, seed: SEED, bounces: BOUNCES, denoise: false, threads, resolution: { width: 16, height: 9 } }, () => {});
  for (const { resolution, samples } of RUNS) {
    const started = performance.now();
    await engine.render(scene.path, { frames: [0], samples, seed: SEED, bounces: BOUNCES, denoise: false, threads, resolution }, () => {});
    const seconds = (performance.now() - started) / 1000;
    const samplesPerSecond = (resolution.width * resolution.height * samples) / seconds;
    rows.push([
      scene.name, info.triangles.toLocaleString("en-US"), `${resolution.width}x${resolution.height}`, String(samples), seconds.toFixed(2),
      Math.round(samplesPerSecond).toLocaleString("en-US"), "", "", "",
    ]);
    process.stdout.write(`${scene.name} ${resolution.width}x${resolution.height} ${samples} spp: ${seconds.toFixed(2)} s\n`);
  }
}
const tg = await engineForScene(scenes[0]!.path).benchmark({ threads });
const { resolution, samples, bounces } = BENCHMARK_SETTINGS;

const header = ["scene", "triangles", "resolution", "spp", "s / frame", "samples / s", "Cycles s / frame", "Cycles samples / s", "ratio (ours / Cycles)"];
const tgTable = renderTable(["scene", "T_G (s)", "samples / s"], tg.map((r) => [r.scene, r.seconds.toFixed(2), Math.round(r.samplesPerSecond).toLocaleString("en-US")]), true);
await writeBenchDocument({
  file: OUT,
  title: "Render engine benchmark",
  command: "npm run bench:render",
  facts: [
    ["engine", `built-in path tracer (TypeScript), ${threads} worker threads, ${BOUNCES} bounces, denoiser off, frame 0, seed ${SEED}`],
    ["scenes", "the procedural sample scenes (`sampleScenes()`, generated into .cache/scenes/)"],
    ["timing", "wall clock of one render() call per frame: loading, BVH build and worker start included"],
  ],
  body: [
    renderTable(header, rows, true),
    [
      "## Blender Cycles comparison",
      "",
      "TO BE FILLED by the Cycles engine's bench on the same machine: same scenes (imported from the .glb), same",
      "resolutions, samples per pixel and bounces, CPU device, denoiser off. The Cycles columns above are empty until then;",
      "the target is a ratio of at least 0.2 (a fifth of Cycles' samples per second).",
    ].join("\n"),
    [
      "## Image-Benchmark T_G",
      "",
      `\`engine.benchmark()\`: one render of frame 0 per scene at ${resolution.width}x${resolution.height}, ${samples} spp, ${bounces} bounces (BENCHMARK_SETTINGS), loading included.`,
      "",
      tgTable,
    ].join("\n"),
  ],
});
process.stdout.write(`wrote ${OUT}\n`);
