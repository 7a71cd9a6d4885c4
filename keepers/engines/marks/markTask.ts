import { DEFAULT_IMPRINT_TOLERANCE, EXACT_IMPRINT_TOLERANCE } from "../../../por/recordImprints.js";
import type { Image } from "../../../por/image.js";
import type { PlacedMark, PlacementOptions } from "../../../por/placeMarks.js";
import type { TaskKey } from "../../../por/taskKey.js";
import type { Resolution } from "../engine.js";
import type { MarkColour } from "./calibrateMarkColour.js";

/** What a manager's PoR step for one task takes, whatever the engine (`markGltfTask`, `markBlendTask`). */
export interface MarkTaskOptions {
  /** The task's frames and the resolution it renders at. */
  frames: readonly number[];
  resolution: Resolution;
  /** The task's key (noises drawn, no placements yet) and the secret it was drawn from. */
  key: TaskKey;
  secret: Uint8Array;
  /**
   * The task's render settings: the preview and the rings around the marks are rendered as the task will be. A task
   * known to render without the denoiser (`denoise: false`) gets the exact imprint tolerance; otherwise the default.
   */
  render: { samples: number; bounces: number; denoise?: boolean };
  /** The unmarked preview (adaptive spreading, the marks' surroundings, null model). */
  preview?: { samples: number; seed: number; threads: number };
  /**
   * Unmarked previews of the task's frames already rendered (another task of the same job over the same frames, at
   * the same resolution): used instead of rendering them again.
   */
  previews?: ReadonlyMap<number, Image>;
  /** The first seed of the renders that measure the marks' surroundings and imprints (not the task's). */
  measure?: { seed: number };
  placement?: Partial<PlacementOptions>;
  /** The baseline deviation e_i each mark is tuned to in its worst frame (see `calibrateMarkColour`); default 10. */
  deviation?: number;
  /** The key-aware detector's match tolerance; by default exact for a task without the denoiser, else 8 levels. */
  tolerance?: number;
}

/**
 * Exact imprints where nothing filters the marks' pixels (denoiser off: an unlit mark's pixel is its texel, bit for
 * bit, with either engine), the denoiser's margin where it may (docs/por.md: at 8 levels near-lossless copies pass).
 */
export function defaultImprintTolerance(denoise: boolean | undefined): number {
  return denoise === false ? EXACT_IMPRINT_TOLERANCE : DEFAULT_IMPRINT_TOLERANCE;
}

/** What it returns: the key the verifiers get, and how the marks were made. */
export interface MarkedTask {
  /** Version 2 key: regions k_i per frame, expected imprints, null model. */
  key: TaskKey;
  marks: PlacedMark[];
  colours: MarkColour[];
  /** The unmarked previews, by frame. */
  previews: Map<number, Image>;
  /** Wall-clock milliseconds of each step. */
  timings: { preview: number; placement: number; insertion: number; measurement: number };
}
