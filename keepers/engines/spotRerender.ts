import { compareCrop, type CropComparison } from "../../por/compareCrop.js";
import { decodePng } from "../../por/decodePng.js";
import { DEFAULT_SPOT_SIZE, drawSpotCrop } from "../../por/drawSpotCrop.js";
import type { Image } from "../../por/image.js";
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

/** How many of the verifier's crops `drawInformativeCrop` tries before it keeps the last one. */
export const SPOT_ATTEMPTS = 16;

export interface InformativeCrop {
  crop: Region;
  /** The verifier's crops drawn before this one that did not depend on the seed. */
  skipped: number;
}

/** Whether two crops hold the same pixels (a crop that does not depend on the seed proves nothing about samples). */
export function sameImage(a: Image, b: Image): boolean {
  return a.width === b.width && a.height === b.height && a.data.every((v, i) => v === b.data[i]);
}

/**
 * The verifier's crop of a frame that can tell a render from a cheaper one: its own crops (`drawSpotCrop`, attempts
 * 0, 1, ...) until one re-renders differently with another seed than the task's. A crop wholly on what sampling does
 * not change (an unlit background, black, the marks themselves) is the same at 1 spp as at 256 and proves nothing
 * about the samples (measured by `npm run bench:por`: a quarter of the product scene's uniform crops). It depends
 * only on the verifier's secret and the scene, never on the submitted frame, so a forger cannot steer it.
 */
export async function drawInformativeCrop(engine: Engine, scene: string, settings: SpotSettings, verifierSecret: Uint8Array, taskId: string, size = DEFAULT_SPOT_SIZE): Promise<InformativeCrop> {
  const { width, height } = settings.resolution;
  let crop = drawSpotCrop(verifierSecret, taskId, settings.frame, width, height, size);
  for (let attempt = 0; attempt < SPOT_ATTEMPTS; attempt++) {
    crop = drawSpotCrop(verifierSecret, taskId, settings.frame, width, height, size, attempt);
    const [a, b] = await Promise.all([settings.seed, settings.seed + 1].map(async (seed) => {
      const [rendered] = await engine.render(scene, {
        frames: [settings.frame], samples: settings.samples, seed, bounces: settings.bounces, denoise: settings.denoise, resolution: settings.resolution,
        crop: { x: crop.x0, y: crop.y0, width: crop.x1 - crop.x0, height: crop.y1 - crop.y0 }, threads: 1,
      }, () => {});
      return decodePng(rendered!.png);
    })) as [Image, Image];
    if (!sameImage(a, b)) return { crop, skipped: attempt };
  }
  return { crop, skipped: SPOT_ATTEMPTS };
}
