/**
 * `npm run scenes -- [--out <dir>] [--force] [--blend]`: writes the procedural sample scenes (room, product, heavy) as
 * .glb, and with `--blend` the Blender engine's .blend test scenes too (Blender needed).
 *
 * Tests, the render benchmark and `engine.benchmark()` call `sampleScenes()` (and the Blender tests `blendScenes()`)
 * themselves, which generate the scenes into `.cache/scenes/` when missing; this script is for looking at them, or
 * writing them elsewhere.
 */
import { join } from "node:path";
import { Command } from "commander";
import { blendScenes } from "../../keepers/engines/scenes/blendScenes.js";
import { defaultSceneDir, sampleScenes } from "../../keepers/engines/scenes/sampleScenes.js";

const program = new Command("scenes")
  .description("Generate the procedural sample scenes")
  .option("--out <dir>", "output directory", defaultSceneDir())
  .option("--force", "regenerate scenes that already exist", false)
  .option("--blend", "also write the .blend test scenes of the Blender engine (their cache, or <out>/blend with --out)", false)
  .parse();

const options = program.opts<{ out: string; force: boolean; blend: boolean }>();
for (const scene of await sampleScenes({ dir: options.out, force: options.force })) {
  process.stdout.write(`${scene.name.padEnd(8)} ${scene.path}  (${scene.description})\n`);
}
if (options.blend) {
  const custom = options.out !== defaultSceneDir();
  const blend = await blendScenes({ force: options.force, ...(custom ? { dir: join(options.out, "blend") } : {}) });
  process.stdout.write(`blend    ${blend.dir}  (shot, missing texture, linked and missing library, truncated, garbage)\n`);
}
