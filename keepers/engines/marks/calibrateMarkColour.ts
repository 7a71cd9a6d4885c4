import type { AtomicNoise } from "../../../por/atomicNoise.js";
import { markTexture } from "../../../por/markTexture.js";
import type { PlacedMark } from "../../../por/placeMarks.js";
import { BASELINE_THRESHOLD } from "../../../por/verifyBaseline.js";
import type { DisplayCurve } from "./displayCurve.js";
import type { MarkSurroundings } from "./summarizeSurroundings.js";

/** The baseline deviation e_i (WP eq. 16) a mark is tuned to reach in every frame: twice the WP's threshold of 5. */
export const DEFAULT_TARGET_DEVIATION = 2 * BASELINE_THRESHOLD;
/** Where a render is noisy, e_i is tuned to the threshold plus this many of its standard deviations, if that is more. */
export const NOISE_MARGIN = 3;

function srgbToLinear(byte: number): number {
  const c = byte / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luma(r: number, g: number, b: number): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Linear radiance whose display level is `level` (bisection: a display curve is monotone). */
function radianceOf(display: DisplayCurve, level: number): number {
  let lo = 0;
  let hi = 1024;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (display(mid) < level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface MarkColour {
  /** The mark's colour: the unlit material's base colour factor, or the emission's colour (linear, each channel <= 1). */
  factor: [number, number, number];
  /** Mean display luminance of the border pixels, by edge (predicted), and of the ring (measured, over the frames). */
  border: number;
  ring: number;
  /** Whether the asked deviation is reached in every frame (false: the best the colour range allows). */
  reached: boolean;
}

/**
 * The colour of a mark's unlit material (WP §III-C: "the strength of the distortion of each w_i must be tuned so that
 * its deviation from locally enclosed regions is within a predetermined bound"). The mark takes the hue of the pixels
 * around it and the brightness that gives the WP's statistic e_i = |mean_v - mean_k| (eqs. 14-16) exactly `target` in
 * its worst frame, or the threshold plus `NOISE_MARGIN` standard deviations of e_i where the task's render is that
 * noisy: mean_k is the sum over k_i's edge of (ring - border) / |k_i| (the Laplacian cancels inside), so with the
 * ring, mean_v and their noise measured per frame (`summarizeSurroundings`) and the border predicted (one NEAREST
 * texel per pixel through the engine's `display` curve, exposure and view transform included: the tracer's tone
 * curve, or the one Blender measures for a .blend, Filmic as well as Standard), it is a bisection on the colour's scale. Brighter than the
 * ring where a colour <= 1 reaches it, darker otherwise: a render with few samples per pixel reads dark where it is
 * noisy (the display curve is concave), which widens a bright mark's step and narrows a dark one's (measured: a
 * ring 10-15 levels darker at 16 spp than converged in the room's dim corners). Quarter turns only permute
 * border pixels, so one colour serves every frame. Just enough to be found, no more: the least visible mark.
 */
export function calibrateMarkColour(noise: AtomicNoise, mark: PlacedMark, display: DisplayCurve, around: MarkSurroundings, target = DEFAULT_TARGET_DEVIATION): MarkColour {
  const { width: w, height: h } = mark;
  const ring = luma(...around.ring);
  const radiance = around.ring.map((level) => radianceOf(display, level));
  const y = luma(radiance[0]!, radiance[1]!, radiance[2]!);
  const hue = y > 1e-6 ? radiance.map((c) => c / y) : [1, 1, 1];
  const texels = markTexture(noise, w, h, mark.texelsPerPixel);
  // Each border pixel counts once per edge it shares with the ring (corners twice), as in the Laplacian's sum.
  const border: { t: number; edges: number }[] = [];
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const edges = Number(i === 0) + Number(i === w - 1) + Number(j === 0) + Number(j === h - 1);
      if (edges > 0) border.push({ t: srgbToLinear(texels[j * w + i]!), edges });
    }
  }
  const perimeter = 2 * (w + h);
  const borderLevel = (s: number) => {
    let sum = 0;
    for (const { t, edges } of border) sum += edges * luma(...(hue.map((c) => display(s * c * t)) as [number, number, number]));
    return sum / perimeter;
  };
  // mean_k = (ringSum - perimeter * border) / (w h): the border level each frame needs for its e_i.
  const area = w * h;
  const needed = (f: MarkSurroundings["frames"][number]) => Math.max(target, BASELINE_THRESHOLD + NOISE_MARGIN * f.spread);
  const brighter = Math.max(...around.frames.map((f) => (f.ringSum - area * (f.meanEnvelope - needed(f))) / perimeter));
  const darker = Math.min(...around.frames.map((f) => (f.ringSum - area * (f.meanEnvelope + needed(f))) / perimeter));
  const sMax = 1 / Math.max(...hue);
  const brightest = borderLevel(sMax);
  const canBrighten = brightest >= brighter;
  const canDarken = darker >= 0;
  let goal: number;
  if (canBrighten || canDarken) goal = canBrighten ? brighter : darker;
  else goal = brighter - brightest < -darker ? brightest : 0; // out of reach: the extreme that falls shorter
  let lo = 0;
  let hi = sMax;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (borderLevel(mid) < goal) lo = mid;
    else hi = mid;
  }
  const s = (lo + hi) / 2;
  return { factor: [s * hue[0]!, s * hue[1]!, s * hue[2]!], border: borderLevel(s), ring, reached: canBrighten || canDarken };
}
