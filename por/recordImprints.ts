import { luminance, type Image } from "./image.js";
import { PorError } from "./porError.js";
import type { KeyedDetector, Region, TaskKey } from "./taskKey.js";

/** Default match tolerance of the key-aware detector: RMS luminance distance in 8-bit units (survives the denoiser). */
export const DEFAULT_IMPRINT_TOLERANCE = 8;
/**
 * The tolerance for a task rendered without the denoiser: a mark's pixels are then its texels, whatever the samples
 * or seed, up to the rare camera sample that grazes the quad's edge and misses it (`npm run bench:por`: RMS distance 0
 * for all but a few marks in a thousand, which the detector's 3/4 floor absorbs), so one level of RMS is rounding
 * margin, and a re-encoded or noised copy of a genuine frame (JPEG q <= 95, noise sigma >= 2) no longer passes.
 */
export const EXACT_IMPRINT_TOLERANCE = 1;
/** The null model counts matches at this multiple of the tolerance: a margin for the previews' extra noise. */
export const NULL_TOLERANCE_FACTOR = 1.5;
/** At most this many windows per (mark, frame) in the null model; positions on a regular grid beyond it. */
const MAX_WINDOWS = 4096;

/** Root-mean-square distance between `expected` (w x h luminance) and the w x h window of `lum` at (x0, y0). */
export function rmsDistance(lum: Float32Array, width: number, x0: number, y0: number, w: number, h: number, expected: ArrayLike<number>): number {
  let sum = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = lum[(y0 + y) * width + x0 + x]! - expected[y * w + x]!;
      sum += d * d;
    }
  }
  return Math.sqrt(sum / (w * h));
}

/**
 * Counts windows of unmarked renders that would pass for an imprint: for each mark and frame with an unmarked image,
 * windows of the imprint's size on a grid over the whole frame, compared at `NULL_TOLERANCE_FACTOR` x the tolerance.
 * This is the null model of the key-aware detector: how often natural content at a place the forger cannot know
 * resembles a mark.
 */
function nullModel(key: TaskKey, imprints: ReadonlyMap<number, number[][]>, unmarked: ReadonlyMap<number, Image>, tolerance: number): { windows: number; matches: number } {
  let windows = 0;
  let matches = 0;
  for (const placement of key.placements) {
    const image = unmarked.get(placement.frame);
    if (!image) continue;
    const lum = luminance(image);
    placement.regions.forEach((r, i) => {
      const w = r.x1 - r.x0;
      const h = r.y1 - r.y0;
      const positions = (image.width - w + 1) * (image.height - h + 1);
      const step = Math.max(1, Math.ceil(Math.sqrt(positions / MAX_WINDOWS)));
      const expected = imprints.get(placement.frame)![i]!;
      for (let y = 0; y + h <= image.height; y += step) {
        for (let x = 0; x + w <= image.width; x += step) {
          windows++;
          if (rmsDistance(lum, image.width, x, y, w, h, expected) <= tolerance * NULL_TOLERANCE_FACTOR) matches++;
        }
      }
    });
  }
  return { windows, matches };
}

/**
 * Makes a version 2 key (the key-aware detector's): records, per frame and mark, the luminance of the mark's region
 * in `marked` (the regions rendered from the marked scene, one image per region, by frame: a low-sample render is
 * enough, the marks being unlit), and the null model measured on `unmarked` previews. The input key is not modified.
 */
export function recordImprints(key: TaskKey, marked: ReadonlyMap<number, readonly Image[]>, unmarked: ReadonlyMap<number, Image>, tolerance = DEFAULT_IMPRINT_TOLERANCE): TaskKey {
  if (key.placements.length === 0) throw new PorError("KEY_INCOMPLETE", "the key has no placements to record imprints for");
  const imprints = new Map<number, number[][]>();
  for (const placement of key.placements) {
    const images = marked.get(placement.frame);
    if (!images || images.length !== placement.regions.length) {
      throw new PorError("IMAGE_INVALID", `frame ${placement.frame}: one rendered region per mark is needed (${placement.regions.length})`);
    }
    imprints.set(placement.frame, placement.regions.map((r: Region, i) => {
      const image = images[i]!;
      if (image.width !== r.x1 - r.x0 || image.height !== r.y1 - r.y0) throw new PorError("IMAGE_INVALID", `frame ${placement.frame}: region ${i} was rendered at the wrong size`);
      return Array.from(luminance(image), (v) => Math.round(v * 100) / 100);
    }));
  }
  const { windows, matches } = nullModel(key, imprints, unmarked, tolerance);
  if (windows === 0) throw new PorError("IMAGE_INVALID", "no unmarked image of any task frame: the null model needs one");
  const detector: KeyedDetector = { tolerance, nullWindows: windows, nullMatches: matches };
  return {
    ...key,
    version: 2,
    placements: key.placements.map((p) => ({ frame: p.frame, regions: p.regions.map((r) => ({ ...r })), imprints: imprints.get(p.frame)! })),
    detector,
  };
}
