import { B_PDF, bsdfValue, prepareBsdf, sampleBsdf, sampled } from "./bsdf.js";
import type { FrameScene } from "./frameScene.js";
import { random } from "./random.js";
import { direct, sampleDirectLight } from "./sampleDirectLight.js";
import { S_BASE, S_COS_HIT, S_EMISSION, S_EMITTING, S_GEOMETRIC, S_NORMAL, S_ORIGIN, S_UNLIT, shadeSurface, surface } from "./shadeSurface.js";
import { hit, intersectClosest, ray } from "./traceRay.js";

/**
 * Radiance along one camera ray (`path[0..2]`), with the first hit's albedo (`path[3..5]`) and normal (`path[6..8]`)
 * as guides for the denoiser.
 */
export const path = new Float64Array(9);

/** Russian roulette starts after this many bounces (the first ones carry most of the image). */
const ROULETTE_DEPTH = 3;
/**
 * Largest channel an indirect contribution may add, as Cycles' default "clamp indirect" (10): it trades a little
 * energy for far fewer fireflies at the low sample counts of a render farm's tasks.
 */
const CLAMP_INDIRECT = 10;

function add(tr: number, tg: number, tb: number, r: number, g: number, b: number, depth: number): void {
  let cr = tr * r, cg = tg * g, cb = tb * b;
  if (depth > 0) {
    const peak = Math.max(cr, cg, cb);
    if (peak > CLAMP_INDIRECT) {
      const scale = CLAMP_INDIRECT / peak;
      cr *= scale; cg *= scale; cb *= scale;
    }
  }
  path[0] = path[0]! + cr;
  path[1] = path[1]! + cg;
  path[2] = path[2]! + cb;
}

/**
 * Writes the first hit's guides: albedo and normal, or the background's (albedo 1, normal 0). An unlit surface has
 * its colour as albedo (so its radiance over albedo is 1 and survives the filter exactly) and a zero normal, which
 * keeps the denoiser from blending the lighting of the surfaces around it into it.
 */
function recordGuides(hitSomething: boolean): void {
  const shaded = hitSomething && surface[S_UNLIT] === 0;
  path[3] = hitSomething ? surface[S_BASE]! : 1;
  path[4] = hitSomething ? surface[S_BASE + 1]! : 1;
  path[5] = hitSomething ? surface[S_BASE + 2]! : 1;
  path[6] = shaded ? surface[S_NORMAL]! : 0;
  path[7] = shaded ? surface[S_NORMAL + 1]! : 0;
  path[8] = shaded ? surface[S_NORMAL + 2]! : 0;
}

/**
 * Unidirectional path tracing with next-event estimation and MIS, starting from the camera ray in `ray`. `bounces`
 * is the number of indirect bounces: 0 gives direct light only. A vertex's BSDF-sampled ray still looks for emitters
 * and the background after the last bounce, since it is the other half of that vertex's MIS estimate.
 */
export function tracePath(s: FrameScene, bounces: number): void {
  path[0] = 0; path[1] = 0; path[2] = 0;
  let tr = 1, tg = 1, tb = 1;
  let lastPdf = 0;
  const env = s.environment;
  for (let depth = 0; ; depth++) {
    ray[6] = Infinity;
    ray[7] = depth === 0 ? 1 : 0; // only camera rays see unlit surfaces
    const tri = intersectClosest(s);
    if (tri < 0) {
      if (depth === 0) recordGuides(false);
      add(tr, tg, tb, env[0]!, env[1]!, env[2]!, depth);
      return;
    }
    shadeSurface(s, tri);
    if (depth === 0) recordGuides(true);
    if (surface[S_UNLIT]! > 0) {
      add(tr, tg, tb, surface[S_EMISSION]!, surface[S_EMISSION + 1]!, surface[S_EMISSION + 2]!, depth);
      return;
    }
    if (surface[S_EMITTING]! > 0) {
      let weight = 1;
      const areaPdf = s.triLightPdf[tri]!;
      if (depth > 0 && areaPdf > 0) {
        const t = hit[0]!;
        const lightPdf = (areaPdf * t * t) / Math.max(1e-12, surface[S_COS_HIT]!);
        weight = (lastPdf * lastPdf) / (lastPdf * lastPdf + lightPdf * lightPdf);
      }
      add(tr, tg, tb, surface[S_EMISSION]! * weight, surface[S_EMISSION + 1]! * weight, surface[S_EMISSION + 2]! * weight, depth);
    }
    if (depth > bounces) return;
    prepareBsdf();
    sampleDirectLight(s);
    add(tr, tg, tb, direct[0]!, direct[1]!, direct[2]!, depth);
    if (!sampleBsdf()) return;
    const dx = sampled[0]!, dy = sampled[1]!, dz = sampled[2]!;
    lastPdf = bsdfValue[B_PDF]!;
    // The sampled direction must leave on the side the ray came from (no transmission).
    if (dx * surface[S_GEOMETRIC]! + dy * surface[S_GEOMETRIC + 1]! + dz * surface[S_GEOMETRIC + 2]! <= 0) return;
    const scale = (dx * surface[S_NORMAL]! + dy * surface[S_NORMAL + 1]! + dz * surface[S_NORMAL + 2]!) / lastPdf;
    tr *= bsdfValue[0]! * scale; tg *= bsdfValue[1]! * scale; tb *= bsdfValue[2]! * scale;
    if (depth + 1 >= ROULETTE_DEPTH) {
      const survive = Math.min(0.95, Math.max(tr, tg, tb));
      if (!(random() < survive)) return;
      tr /= survive; tg /= survive; tb /= survive;
    }
    ray[0] = surface[S_ORIGIN]!; ray[1] = surface[S_ORIGIN + 1]!; ray[2] = surface[S_ORIGIN + 2]!;
    ray[3] = dx; ray[4] = dy; ray[5] = dz;
  }
}
