/**
 * `npm run scenes -- [--out <dir>] [--force]`: writes the procedural sample scenes (room, product, heavy) as .glb.
 *
 * Tests, the render benchmark and `engine.benchmark()` call `sampleScenes()` themselves, which generates the scenes
 * into `.cache/scenes/<version>/` when missing; this script is for looking at them, or writing them elsewhere.
 */
import { Command } from "commander";
import { defaultSceneDir, sampleScenes } from "../../keepers/engines/scenes/sampleScenes.js";

const program = new Command("scenes")
  .description("Generate the procedural sample scenes")
  .option("--out <dir>", "output directory", defaultSceneDir())
  .option("--force", "regenerate scenes that already exist", false)
  .parse();

const options = program.opts<{ out: string; force: boolean }>();
for (const scene of await sampleScenes({ dir: options.out, force: options.force })) {
  process.stdout.write(`${scene.name.padEnd(8)} ${scene.path}  (${scene.description})\n`);
}
