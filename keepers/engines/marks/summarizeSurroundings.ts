import { luminance, type Image } from "../../../por/image.js";
import type { PlacedMark } from "../../../por/placeMarks.js";
import { ringMean } from "../../../por/ringMean.js";
import type { Region } from "../../../por/taskKey.js";

/** What the WP's Laplacian statistic will see around a mark in one frame, whatever the mark looks like. */
export interface FrameSurroundings {
  /** Expected sum of the luminance of the pixels sharing an edge with k_i (one per edge of k_i's border). */
  ringSum: number;
  /** Expected mean Laplacian over v_i (eq. 14): the flux through v_i's edge over |v_i|, which the mark does not touch. */
  meanEnvelope: number;
  /** Standard deviation, from one render to another, of meanEnvelope - ringSum / |k_i|: the noise on e_i. */
  spread: number;
}

export interface MarkSurroundings {
  /** Mean display colour of the ring over the frames. */
  ring: [number, number, number];
  frames: FrameSurroundings[];
}

/**
 * What `summarizeSurroundings` reads of a frame around a region k_i: the ring with k_i inside, then the enveloping
 * region v_i's (WP eq. 12) four edges as strips either side of them (top, bottom, left, right), clipped to the frame.
 */
export function surroundingStrips(k: Region, width: number, height: number): Region[] {
  const w = k.x1 - k.x0;
  const h = k.y1 - k.y0;
  const v = { x0: k.x0 - w, y0: k.y0 - h, x1: k.x1 + w, y1: k.y1 + h };
  const clip = (r: Region): Region => ({ x0: Math.max(0, r.x0), y0: Math.max(0, r.y0), x1: Math.min(width, r.x1), y1: Math.min(height, r.y1) });
  return [
    { x0: k.x0 - 1, y0: k.y0 - 1, x1: k.x1 + 1, y1: k.y1 + 1 }, // the ring, with k_i inside
    clip({ x0: v.x0, y0: v.y0 - 1, x1: v.x1, y1: v.y0 + 1 }),
    clip({ x0: v.x0, y0: v.y1 - 1, x1: v.x1, y1: v.y1 + 1 }),
    clip({ x0: v.x0 - 1, y0: v.y0, x1: v.x0 + 1, y1: v.y1 }),
    clip({ x0: v.x1 - 1, y0: v.y0, x1: v.x1 + 1, y1: v.y1 }),
  ];
}

/** Luminance of the one-pixel ring of a crop grown by one pixel around a region (corners left out). */
function ringOf(lum: Float32Array, w: number, h: number): number[] {
  const out: number[] = [];
  for (let x = 1; x < w - 1; x++) out.push(lum[x]!, lum[(h - 1) * w + x]!);
  for (let y = 1; y < h - 1; y++) out.push(lum[y * w]!, lum[y * w + w - 1]!);
  return out;
}

/**
 * The terms (outside - inside) of the flux through one side of v_i, from its strip: two rows (or columns) straddling
 * the edge. A strip cut to one row by the frame's edge has none: the baseline replicates edge pixels, so those
 * differences are 0.
 */
function fluxOf(lum: Float32Array, strip: Region, side: number): number[] {
  const w = strip.x1 - strip.x0;
  const h = strip.y1 - strip.y0;
  const out: number[] = [];
  if (side < 2 && h === 2) for (let x = 0; x < w; x++) out.push(side === 0 ? lum[x]! - lum[w + x]! : lum[w + x]! - lum[x]!);
  if (side >= 2 && w === 2) for (let y = 0; y < h; y++) out.push(side === 2 ? lum[y * 2]! - lum[y * 2 + 1]! : lum[y * 2 + 1]! - lum[y * 2]!);
  return out;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Half the summed squared differences of two renders' terms: the variance of one render's sum of them. */
function variance(a: readonly number[], b: readonly number[]): number {
  return a.reduce((total, x, i) => total + (x - b[i]!) ** 2, 0) / 2;
}

/**
 * What the baseline detector will read around each mark in every task frame, besides the mark itself: the ring
 * (pixels sharing an edge with k_i) and the flux through v_i's edge, from two renders of the UNMARKED scene at the
 * TASK's samples per pixel with two seeds other than the task's. Their mean is the worker's render in expectation,
 * which is darker than the converged image where the render is noisy (the display curve is concave: 10-15 levels at
 * 16 spp in the room's dim corners); their differences, pixel by pixel, estimate the noise of a single render.
 * `renders[r][f]` holds render r's crops of task frame f: `surroundingStrips` of each mark in turn (5 per mark).
 */
export function summarizeSurroundings(marks: readonly PlacedMark[], renders: readonly [Image[][], Image[][]], width: number, height: number): MarkSurroundings[] {
  const frames = marks[0]?.poses.map((p) => p.frame) ?? [];
  return marks.map((mark, i) => {
    const inner = { x0: 1, y0: 1, x1: mark.width + 1, y1: mark.height + 1 };
    const colours = renders.map((crops) => ringMean(frames.map((_, f) => ({ image: crops[f]![5 * i]!, region: inner })))!);
    const area = mark.width * mark.height;
    return {
      ring: [0, 1, 2].map((c) => (colours[0]![c]! + colours[1]![c]!) / 2) as [number, number, number],
      frames: frames.map((_, f) => {
        const regions = surroundingStrips(mark.poses[f]!.region, width, height);
        const [a, b] = renders.map((crops) => {
          const parts = crops[f]!.slice(5 * i, 5 * i + 5);
          const lums = parts.map((image) => luminance(image));
          return { ring: ringOf(lums[0]!, parts[0]!.width, parts[0]!.height), flux: lums.slice(1).flatMap((lum, side) => fluxOf(lum, regions[side + 1]!, side)) };
        }) as [{ ring: number[]; flux: number[] }, { ring: number[]; flux: number[] }];
        return {
          ringSum: (sum(a.ring) + sum(b.ring)) / 2,
          meanEnvelope: (sum(a.flux) + sum(b.flux)) / 2 / (9 * area),
          spread: Math.sqrt(variance(a.flux, b.flux) / (9 * area) ** 2 + variance(a.ring, b.ring) / area ** 2),
        };
      }),
    };
  });
}
