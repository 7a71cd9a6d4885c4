import { B_PDF, bsdfValue, evalBsdf, incoming } from "./bsdf.js";
import {
  LIGHT_DIRECTIONAL, LIGHT_SPOT, LIGHT_STRIDE, L_COS_INNER, L_COS_OUTER, L_DIRECTION, L_POSITION, L_RADIANCE, L_TYPE,
  type FrameScene,
} from "./frameScene.js";
import { random } from "./random.js";
import { texel, textureCoord } from "./sampleTexture.js";
import { emissionAt, isDoubleSided, S_GEOMETRIC, S_NORMAL, S_ORIGIN, surface } from "./shadeSurface.js";
import { intersectAny, ray } from "./traceRay.js";

/**
 * Next-event estimation at the shading point in `surface`: one shadow ray to every punctual light, plus one to a point
 * on an emissive triangle chosen by power, weighted against BSDF sampling with the power heuristic (the path's BSDF
 * bounce that hits the same emitter takes the complementary weight). The sum goes to `direct`.
 */
export const direct = new Float64Array(3);

/** Whether light from direction (wx, wy, wz) reaches the shading point unblocked over `distance`; sets `bsdfValue`. */
function lit(s: FrameScene, wx: number, wy: number, wz: number, distance: number): boolean {
  if (wx * surface[S_GEOMETRIC]! + wy * surface[S_GEOMETRIC + 1]! + wz * surface[S_GEOMETRIC + 2]! <= 0) return false;
  if (wx * surface[S_NORMAL]! + wy * surface[S_NORMAL + 1]! + wz * surface[S_NORMAL + 2]! <= 0) return false;
  incoming[0] = wx; incoming[1] = wy; incoming[2] = wz;
  evalBsdf();
  if (bsdfValue[B_PDF] === 0) return false;
  ray[0] = surface[S_ORIGIN]!; ray[1] = surface[S_ORIGIN + 1]!; ray[2] = surface[S_ORIGIN + 2]!;
  ray[3] = wx; ray[4] = wy; ray[5] = wz; ray[6] = distance;
  return !intersectAny(s);
}

function punctualLights(s: FrameScene): void {
  const L = s.lights;
  const px = surface[S_ORIGIN]!, py = surface[S_ORIGIN + 1]!, pz = surface[S_ORIGIN + 2]!;
  for (let i = 0; i < s.lightCount; i++) {
    const b = i * LIGHT_STRIDE;
    const type = L[b + L_TYPE]!;
    let wx: number, wy: number, wz: number, distance: number, falloff: number;
    if (type === LIGHT_DIRECTIONAL) {
      wx = -L[b + L_DIRECTION]!; wy = -L[b + L_DIRECTION + 1]!; wz = -L[b + L_DIRECTION + 2]!;
      distance = Infinity;
      falloff = 1;
    } else {
      wx = L[b + L_POSITION]! - px; wy = L[b + L_POSITION + 1]! - py; wz = L[b + L_POSITION + 2]! - pz;
      const d2 = wx * wx + wy * wy + wz * wz;
      distance = Math.sqrt(d2);
      wx /= distance; wy /= distance; wz /= distance;
      falloff = 1 / d2;
      if (type === LIGHT_SPOT) {
        // glTF's smooth spot falloff between the outer and inner cone angles.
        const cd = -(wx * L[b + L_DIRECTION]! + wy * L[b + L_DIRECTION + 1]! + wz * L[b + L_DIRECTION + 2]!);
        const outer = L[b + L_COS_OUTER]!;
        const t = Math.min(1, Math.max(0, (cd - outer) / Math.max(1e-4, L[b + L_COS_INNER]! - outer)));
        falloff *= t * t;
      }
    }
    if (falloff === 0 || !lit(s, wx, wy, wz, distance)) continue;
    const scale = falloff * (wx * surface[S_NORMAL]! + wy * surface[S_NORMAL + 1]! + wz * surface[S_NORMAL + 2]!);
    direct[0] = direct[0]! + bsdfValue[0]! * L[b + L_RADIANCE]! * scale;
    direct[1] = direct[1]! + bsdfValue[1]! * L[b + L_RADIANCE + 1]! * scale;
    direct[2] = direct[2]! + bsdfValue[2]! * L[b + L_RADIANCE + 2]! * scale;
  }
}

/** Binary search of the emitter CDF. */
function pickEmitter(cdf: Float64Array, xi: number): number {
  let lo = 0, hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! <= xi) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function emissiveTriangle(s: FrameScene): void {
  const tri = s.emissiveTris[pickEmitter(s.emissiveCdf, random())]!;
  const su = Math.sqrt(random()), r2 = random();
  const u = su * (1 - r2), v = su * r2, w = 1 - u - v;
  const tv = s.triVerts, o = tri * 9;
  const e1x = tv[o + 3]!, e1y = tv[o + 4]!, e1z = tv[o + 5]!, e2x = tv[o + 6]!, e2y = tv[o + 7]!, e2z = tv[o + 8]!;
  let wx = tv[o]! + u * e1x + v * e2x - surface[S_ORIGIN]!;
  let wy = tv[o + 1]! + u * e1y + v * e2y - surface[S_ORIGIN + 1]!;
  let wz = tv[o + 2]! + u * e1z + v * e2z - surface[S_ORIGIN + 2]!;
  const d2 = wx * wx + wy * wy + wz * wz;
  const distance = Math.sqrt(d2);
  wx /= distance; wy /= distance; wz /= distance;
  const nx = e1y * e2z - e1z * e2y, ny = e1z * e2x - e1x * e2z, nz = e1x * e2y - e1y * e2x;
  let cosLight = -(nx * wx + ny * wy + nz * wz) / (Math.sqrt(nx * nx + ny * ny + nz * nz) || 1);
  const material = s.triMaterial[tri]!;
  if (cosLight < 0 && isDoubleSided(s, material)) cosLight = -cosLight;
  if (cosLight <= 1e-6 || !lit(s, wx, wy, wz, distance * (1 - 1e-4))) return;
  const lightPdf = (s.triLightPdf[tri]! * d2) / cosLight;
  const bsdfPdf = bsdfValue[B_PDF]!;
  const cos = wx * surface[S_NORMAL]! + wy * surface[S_NORMAL + 1]! + wz * surface[S_NORMAL + 2]!;
  const q = tri * 6, uv = s.triUvs;
  textureCoord[0] = w * uv[q]! + u * uv[q + 2]! + v * uv[q + 4]!;
  textureCoord[1] = w * uv[q + 1]! + u * uv[q + 3]! + v * uv[q + 5]!;
  emissionAt(s, material);
  // f Le cos / lightPdf times the power-heuristic weight lightPdf^2 / (lightPdf^2 + bsdfPdf^2).
  const weight = (lightPdf / (lightPdf * lightPdf + bsdfPdf * bsdfPdf)) * cos;
  direct[0] = direct[0]! + bsdfValue[0]! * texel[0]! * weight;
  direct[1] = direct[1]! + bsdfValue[1]! * texel[1]! * weight;
  direct[2] = direct[2]! + bsdfValue[2]! * texel[2]! * weight;
}

/** Direct light at the shading point in `surface`, towards its view direction, into `direct`. */
export function sampleDirectLight(s: FrameScene): void {
  direct[0] = 0; direct[1] = 0; direct[2] = 0;
  if (s.lightCount > 0) punctualLights(s);
  if (s.emissiveTris.length > 0) emissiveTriangle(s);
}
