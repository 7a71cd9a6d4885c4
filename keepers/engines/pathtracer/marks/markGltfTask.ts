import { decodePng } from "../../../../por/decodePng.js";
import type { Image } from "../../../../por/image.js";
import { placeMarks } from "../../../../por/placeMarks.js";
import { recordImprints } from "../../../../por/recordImprints.js";
import type { Resolution } from "../../engine.js";
import { engineForScene } from "../../index.js";
import { calibrateMarkColour } from "../../marks/calibrateMarkColour.js";
import { defaultImprintTolerance, type MarkedTask, type MarkTaskOptions } from "../../marks/markTask.js";
import { loadScene } from "../loadScene.js";
import { insertMarks } from "./insertMarks.js";
import { placementSceneOf } from "./placementSceneOf.js";
import { measureSurroundings } from "./measureSurroundings.js";
import { renderRegions } from "./renderRegions.js";
import { tracerDisplayCurve } from "./tracerDisplayCurve.js";

export type { MarkedTask, MarkTaskOptions } from "../../marks/markTask.js";

/**
 * A manager's whole PoR step for a glTF task (WP §III-B to D): a cheap preview of the unmarked scene (4 spp by
 * default), placement of the key's noises over the task's frames, each mark's colour tuned to the pixels around it
 * (their rings rendered again as the task will render them), insertion into a NEW .glb at `output`, and the imprints
 * measured on the marked scene (the marks' pixels only). Returns the version 2 key the verifiers get; the workers get `output`.
 */
export async function markGltfTask(input: string, output: string, options: MarkTaskOptions): Promise<MarkedTask> {
  const { frames, resolution, key, secret } = options;
  const { bounces } = options.render;
  const preview = options.preview ?? { samples: 4, seed: 1, threads: 1 };
  const measure = options.measure ?? { seed: 1_000 };
  let started = performance.now();
  const previews = new Map(options.previews ?? (await renderPreviews(input, frames, resolution, bounces, preview)));
  const timings = { preview: performance.now() - started, placement: 0, insertion: 0, measurement: 0 };

  started = performance.now();
  const scene = await loadScene(input, { textures: false });
  const placed = placeMarks(key, secret, placementSceneOf(scene, frames, resolution), previews, options.placement);
  timings.placement = performance.now() - started;

  started = performance.now();
  const lit = await loadScene(input, { textures: true });
  const around = measureSurroundings(lit, placed.marks, { seed: measure.seed, samples: options.render.samples, bounces, resolution });
  const display = tracerDisplayCurve(scene.settings.exposure);
  const colours = placed.marks.map((mark, i) => calibrateMarkColour(key.noises[mark.noise]!, mark, display, around[i]!, options.deviation));
  await insertMarks(input, output, placed.key, placed.marks, { colours: colours.map((c) => c.factor), fps: scene.settings.fps });
  timings.insertion = performance.now() - started;

  started = performance.now();
  const marked = await loadScene(output, { textures: true });
  const requests = placed.key.placements.map((p) => ({ frame: p.frame, regions: p.regions }));
  // Camera rays end on an unlit mark, whose NEAREST texel fills each of its pixels: 4 samples and no bounces suffice.
  const crops = renderRegions(marked, requests, { samples: 4, seed: measure.seed, bounces: 0, resolution });
  const imprinted = recordImprints(placed.key, new Map(requests.map((r, i) => [r.frame, crops[i]!])), previews, options.tolerance ?? defaultImprintTolerance(options.render.denoise));
  timings.measurement = performance.now() - started;
  return { key: imprinted, marks: placed.marks, colours, previews, timings };
}

async function renderPreviews(file: string, frames: readonly number[], resolution: Resolution, bounces: number, preview: { samples: number; seed: number; threads: number }): Promise<Map<number, Image>> {
  const rendered = await engineForScene(file).render(file, { frames, resolution, denoise: false, bounces, ...preview }, () => {});
  return new Map(rendered.map((r) => [r.frame, decodePng(r.png)]));
}
