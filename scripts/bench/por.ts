/**
 * `npm run bench:por`: Proof-of-Rendering measured against the targets and the WP's Tables III-VI, written to
 * docs/por.md, docs/por.json and docs/por-*.png. POR_BENCH_QUICK=1 runs the same steps on a handful of renders.
 *
 * 1. Timings (product scene, 1920x1080): marking per n split into key, placement, textures, colour tuning, insertion
 *    and imprints (the preview excluded), and each detector's verification of a real 1920x1080 render (n = 15).
 * 2. Tasks: each sample scene marked many times (one key per task, n = 15, 320x180) at 16, 64 and 256 spp.
 * 3. Genuine renders of every task at its samples with fresh seeds: false rejections of both detectors.
 * 4. Forgeries of full frames (unmarked, wrong key, shifted, JPEG, blur, noise, fewer samples, another frame):
 *    false accepts of both detectors and of the spot re-render; fidelity (PSNR) of the marked frames.
 * 5. The Blender (Cycles) scene's section: the last `npm run bench:por:blender` figures (docs/por-blender.json).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { blenderSceneFigures } from "./por/blenderScene.js";
import { benchConfig } from "./por/config.js";
import { runForgeries } from "./por/forgeries.js";
import { renderGenuine } from "./por/genuine.js";
import { JobPool } from "./por/pool.js";
import { writePorReport } from "./por/report.js";
import { runSpot } from "./por/spot.js";
import { markTasks } from "./por/tasks.js";
import { runTimings } from "./por/timings.js";

const started = performance.now();
const config = benchConfig();
const dir = await mkdtemp(join(os.tmpdir(), "inferix-bench-por-"));
try {
  const timing = await runTimings(config, dir);
  process.stdout.write(`(${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  const spot = await runSpot(timing, config);
  const pool = new JobPool(Math.max(1, Math.min(2, os.availableParallelism())));
  let tasks, failures, genuine;
  try {
    ({ tasks, failures } = await markTasks(config, pool, dir));
    genuine = await renderGenuine(tasks, config, pool);
  } finally {
    await pool.close();
  }
  const forgeries = await runForgeries(tasks, config);
  const blender = await blenderSceneFigures();
  const seconds = (performance.now() - started) / 1000;
  await writePorReport({ config, timing, spot, tasks, failures, genuine, forgeries, blender, seconds });
  process.stdout.write(`bench:por done in ${seconds.toFixed(0)} s\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
