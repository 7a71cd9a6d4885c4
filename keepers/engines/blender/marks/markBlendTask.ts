import { availableParallelism } from "node:os";
import { extname, join } from "node:path";
import { decodePng } from "../../../../por/decodePng.js";
import type { Image } from "../../../../por/image.js";
import { placeMarks } from "../../../../por/placeMarks.js";
import { recordImprints } from "../../../../por/recordImprints.js";
import type { RenderOptions } from "../../engine.js";
import { EngineError } from "../../engineError.js";
import { calibrateMarkColour } from "../../marks/calibrateMarkColour.js";
import { cropImage } from "../../marks/cropImage.js";
import { defaultImprintTolerance, type MarkedTask, type MarkTaskOptions } from "../../marks/markTask.js";
import { summarizeSurroundings, surroundingStrips } from "../../marks/summarizeSurroundings.js";
import { withWorkDir } from "../../withWorkDir.js";
import { blenderConfigFromEnv, createBlenderEngine, type BlenderConfig } from "../blenderEngine.js";
import { insertBlendMarks } from "./insertBlendMarks.js";
import { readBlendPlacement } from "./readBlendPlacement.js";

export interface MarkBlendTaskOptions extends MarkTaskOptions {
  /** Which Blender, on which device; default from the environment (`blenderConfigFromEnv`). */
  blender?: BlenderConfig;
}

type Renderer = (file: string, frames: readonly number[], samples: number, seed: number, bounces?: number) => Promise<Map<number, Image>>;

function rendererFor(config: BlenderConfig, options: MarkBlendTaskOptions, threads: number): Renderer {
  const engine = createBlenderEngine(config);
  const { resolution } = options;
  return async (file, frames, samples, seed, bounces = options.render.bounces) => {
    const settings: RenderOptions = { frames, samples, seed, bounces, denoise: false, threads, resolution };
    const rendered = await engine.render(file, settings, () => {});
    return new Map(rendered.map((r) => [r.frame, decodePng(r.png)]));
  };
}

/**
 * A manager's whole PoR step for a .blend task, as `markGltfTask` for glTF (WP §III-B to D), with Cycles rendering:
 * a preview of the unmarked scene (4 spp by default), placement over the task's frames against the scene's geometry
 * as Blender evaluates it, each mark's colour tuned to its surroundings through the scene's own display curve,
 * insertion into a NEW .blend at `output`, and the imprints measured on a render of the marked scene. The marked
 * scene renders with a one-pixel box filter (see the driver's `run_insert`), so its marks are as exact as the
 * tracer's; the surroundings are measured on the unmarked scene with that same filter (two renders at the task's
 * samples, other seeds than the task's), which is what a worker's render holds around each mark. Returns the
 * version 2 key; the workers get `output`.
 */
export async function markBlendTask(input: string, output: string, options: MarkBlendTaskOptions): Promise<MarkedTask> {
  if (extname(input).toLowerCase() !== ".blend") throw new EngineError("OPTIONS_INVALID", `markBlendTask marks .blend scenes, got ${input}`);
  const { frames, resolution, key, secret } = options;
  const config = options.blender ?? blenderConfigFromEnv();
  const call = { blender: config.blender ?? "blender", ...(config.workRoot ? { workRoot: config.workRoot } : {}) };
  const preview = options.preview ?? { samples: 4, seed: 1, threads: availableParallelism() };
  const measure = options.measure ?? { seed: 1_000 };
  const render = rendererFor(config, options, preview.threads);
  let started = performance.now();
  const previews = new Map(options.previews ?? (await render(input, frames, preview.samples, preview.seed)));
  const timings = { preview: performance.now() - started, placement: 0, insertion: 0, measurement: 0 };

  started = performance.now();
  const placement = await readBlendPlacement(input, frames, resolution, call);
  const placed = placeMarks(key, secret, placement.scene, previews, options.placement);
  timings.placement = performance.now() - started;

  started = performance.now();
  const { width, height } = resolution;
  const unmarked = await withWorkDir("inferix-blender-", async (dir) => {
    const filtered = join(dir, "unmarked.blend"); // the scene as the marked one renders, less the marks
    await insertBlendMarks(input, filtered, placed.key, [], [], call);
    return [await render(filtered, frames, options.render.samples, measure.seed), await render(filtered, frames, options.render.samples, measure.seed + 1)];
  }, call.workRoot);
  const crops = unmarked.map((images) => frames.map((frame, f) => placed.marks.flatMap((m) => surroundingStrips(m.poses[f]!.region, width, height).map((r) => cropImage(images.get(frame)!, r)))));
  const around = summarizeSurroundings(placed.marks, [crops[0]!, crops[1]!], width, height);
  const colours = placed.marks.map((mark, i) => calibrateMarkColour(key.noises[mark.noise]!, mark, placement.display, around[i]!, options.deviation));
  await insertBlendMarks(input, output, placed.key, placed.marks, colours.map((c) => c.factor), call);
  timings.insertion = performance.now() - started;

  started = performance.now();
  // Camera rays end on a mark's emission, one Closest texel per pixel under the box filter: 4 samples and no bounces suffice.
  const marked = await render(output, frames, Math.min(4, options.render.samples), measure.seed + 2, 0);
  const regions = new Map(placed.key.placements.map((p) => [p.frame, p.regions.map((r) => cropImage(marked.get(p.frame)!, r))]));
  const imprinted = recordImprints(placed.key, regions, previews, options.tolerance ?? defaultImprintTolerance(options.render.denoise));
  timings.measurement = performance.now() - started;
  return { key: imprinted, marks: placed.marks, colours, previews, timings };
}
