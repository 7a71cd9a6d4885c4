import { compareCrop, type CropComparison } from "../../por/compareCrop.js";
import { decodePng } from "../../por/decodePng.js";
import type { Region } from "../../por/taskKey.js";
import type { Engine, Resolution } from "./engine.js";

/** The render settings of the task whose frame is checked: a spot check re-renders with exactly these. */
export interface SpotSettings {
  frame: number;
  samples: number;
  seed: number;
  bounces: number;
  denoise: boolean;
  resolution: Resolution;
}

export interface SpotVerdict extends CropComparison {
  crop: Region;
}

/**
 * The second proof (DESIGN "Two proofs"): re-renders a secret crop of a submitted frame (see `drawSpotCrop`) from
 * the task's marked scene with the task's seed and settings, and compares it with the same rectangle of the frame.
 * A deterministic engine reproduces it exactly (the built-in tracer: bit for bit, tolerance 0), so a frame that was
 * not rendered as asked (fewer samples, another seed, an edit) fails unless the forger changed no pixel of a crop
 * it cannot know. The cost is the crop's share of the frame's render.
 */
export async function spotRerender(engine: Engine, scene: string, submittedPng: Uint8Array, settings: SpotSettings, crop: Region, tolerance = 0): Promise<SpotVerdict> {
  const submitted = decodePng(submittedPng);
  const area = (crop.x1 - crop.x0) * (crop.y1 - crop.y0);
  if (submitted.width !== settings.resolution.width || submitted.height !== settings.resolution.height) {
    return { crop, matches: false, differingPixels: area, maxDifference: 255 }; // not a frame of this task at all
  }
  const [rendered] = await engine.render(scene, {
    frames: [settings.frame],
    samples: settings.samples,
    seed: settings.seed,
    bounces: settings.bounces,
    denoise: settings.denoise,
    resolution: settings.resolution,
    crop: { x: crop.x0, y: crop.y0, width: crop.x1 - crop.x0, height: crop.y1 - crop.y0 },
    threads: 1,
  }, () => {});
  return { crop, ...compareCrop(submitted, crop, decodePng(rendered!.png), tolerance) };
}
