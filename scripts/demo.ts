/**
 * `npm run demo [-- --engine blender] [--keep] [--frames 24] [--resolution 192x108] [--samples 16] [--out demo-out]`:
 * the whole Inferix network on this machine (scripts/demo/runDemo.ts).
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { runDemo } from "./demo/runDemo.js";

const integer = (min: number, max: number) => (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new InvalidArgumentError(`an integer from ${min} to ${max}`);
  return value;
};

const program = new Command("demo")
  .description("run the whole Inferix network locally: chain, DEX, indexer, storage, manager, workers (one dishonest), verifiers, an artist's job, settlement, burn, epoch, claims, a DAO vote")
  .addOption(new Option("--engine <engine>", "render engine").choices(["pathtracer", "blender"]).default("pathtracer"))
  .option("--frames <n>", "frames of the animation", integer(2, 48), 24)
  .option("--resolution <WxH>", "frame size", "192x108")
  .option("--samples <n>", "samples per pixel", integer(16, 1024), 16)
  .option("--out <dir>", "where frames, the contact sheet and the preview go", "demo-out")
  .option("--keep", "leave the network running for the ifx CLI (Ctrl-C stops it)", false);
program.parse();
const flags = program.opts<{ engine: "pathtracer" | "blender"; frames: number; resolution: string; samples: number; out: string; keep: boolean }>();

runDemo({ engine: flags.engine, frames: flags.frames, resolution: flags.resolution, samples: flags.samples, outDir: flags.out, keep: flags.keep, write: (t) => process.stdout.write(t) }).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
