import {
  MATERIAL_STRIDE, M_BASE, M_BASE_TEXTURE, M_DOUBLE_SIDED, M_EMISSIVE, M_EMISSIVE_TEXTURE, M_METALLIC, M_MR_TEXTURE, M_ROUGHNESS,
  M_UNLIT, type FrameScene,
} from "./frameScene.js";
import { sampleTexture, texel, textureCoord } from "./sampleTexture.js";
import { hit, ray } from "./traceRay.js";

/** Offsets into `surface`, the shading point filled by `shadeSurface`. */
export const S_POSITION = 0;
/** Geometric normal, turned to face the incoming ray. */
export const S_GEOMETRIC = 3;
/** Interpolated shading normal, on the same side as the geometric one. */
export const S_NORMAL = 6;
export const S_BASE = 9;
export const S_METALLIC = 12;
/** GGX alpha (roughness squared, floored so the distribution stays finite). */
export const S_ALPHA = 13;
/** Emitted radiance towards the ray (0 from the back of a single-sided emitter). */
export const S_EMISSION = 14;
/** |cos| between the ray and the geometric normal, for the light-sampling pdf of an emitter hit. */
export const S_COS_HIT = 17;
/** Probability of sampling the specular lobe (set by `prepareBsdf`). */
export const S_SPECULAR_PROBABILITY = 18;
/** max(n . wo, small): the view cosine used by the BSDF (set by `prepareBsdf`). */
export const S_NDOTV = 19;
export const S_EMITTING = 20;
/** Direction towards the viewer, -ray direction (set by `prepareBsdf`). */
export const S_WO = 21;
/** The position nudged off the surface along the geometric normal: where shadow and bounce rays start. */
export const S_ORIGIN = 24;
/** 1 when the surface is unlit: its colour is its radiance and the path ends there. */
export const S_UNLIT = 27;

/**
 * The current shading point. The hot path passes doubles through typed arrays like this one rather than as arguments
 * or return values: V8 boxes a double into a fresh heap number whenever it crosses a call it did not inline.
 */
export const surface = new Float64Array(28);

const MIN_ROUGHNESS = 0.03;

/** Writes the material's base colour, metallic, alpha and emission at `textureCoord`. */
function shadeMaterial(s: FrameScene, material: number, front: boolean): void {
  const m = s.materials;
  const b = material * MATERIAL_STRIDE;
  let r = m[b + M_BASE]!, g = m[b + M_BASE + 1]!, bl = m[b + M_BASE + 2]!;
  let metallic = m[b + M_METALLIC]!, roughness = m[b + M_ROUGHNESS]!;
  const baseTexture = m[b + M_BASE_TEXTURE]!;
  if (baseTexture >= 0) {
    sampleTexture(s, baseTexture);
    r *= texel[0]!; g *= texel[1]!; bl *= texel[2]!;
  }
  const mrTexture = m[b + M_MR_TEXTURE]!;
  if (mrTexture >= 0) {
    sampleTexture(s, mrTexture);
    roughness *= texel[1]!;
    metallic *= texel[2]!;
  }
  surface[S_BASE] = r; surface[S_BASE + 1] = g; surface[S_BASE + 2] = bl;
  if (m[b + M_UNLIT]! > 0) {
    surface[S_UNLIT] = 1;
    surface[S_EMISSION] = r; surface[S_EMISSION + 1] = g; surface[S_EMISSION + 2] = bl;
    surface[S_EMITTING] = 1;
    return;
  }
  surface[S_UNLIT] = 0;
  surface[S_METALLIC] = metallic;
  const rough = roughness < MIN_ROUGHNESS ? MIN_ROUGHNESS : roughness;
  surface[S_ALPHA] = rough * rough;
  if (front || m[b + M_DOUBLE_SIDED]! > 0) emissionAt(s, material);
  else texel.fill(0);
  surface[S_EMISSION] = texel[0]!; surface[S_EMISSION + 1] = texel[1]!; surface[S_EMISSION + 2] = texel[2]!;
  surface[S_EMITTING] = texel[0]! + texel[1]! + texel[2]! > 0 ? 1 : 0;
}

/** Fills `surface` for triangle `tri` hit by `ray` (distance and barycentrics in `hit`). */
export function shadeSurface(s: FrameScene, tri: number): void {
  const tv = s.triVerts, tn = s.triNormals, tuv = s.triUvs;
  const dx = ray[3]!, dy = ray[4]!, dz = ray[5]!;
  const t = hit[0]!, u = hit[1]!, v = hit[2]!, w = 1 - u - v;
  const o = tri * 9;
  const px = ray[0]! + dx * t, py = ray[1]! + dy * t, pz = ray[2]! + dz * t;
  surface[S_POSITION] = px; surface[S_POSITION + 1] = py; surface[S_POSITION + 2] = pz;
  const e1x = tv[o + 3]!, e1y = tv[o + 4]!, e1z = tv[o + 5]!, e2x = tv[o + 6]!, e2y = tv[o + 7]!, e2z = tv[o + 8]!;
  let gx = e1y * e2z - e1z * e2y, gy = e1z * e2x - e1x * e2z, gz = e1x * e2y - e1y * e2x;
  const gl = 1 / (Math.sqrt(gx * gx + gy * gy + gz * gz) || 1);
  gx *= gl; gy *= gl; gz *= gl;
  const cosHit = gx * dx + gy * dy + gz * dz;
  const front = cosHit < 0;
  surface[S_COS_HIT] = front ? -cosHit : cosHit;
  if (!front) { gx = -gx; gy = -gy; gz = -gz; }
  let nx = w * tn[o]! + u * tn[o + 3]! + v * tn[o + 6]!;
  let ny = w * tn[o + 1]! + u * tn[o + 4]! + v * tn[o + 7]!;
  let nz = w * tn[o + 2]! + u * tn[o + 5]! + v * tn[o + 8]!;
  const nl = Math.sqrt(nx * nx + ny * ny + nz * nz);
  if (nl > 0) { nx /= nl; ny /= nl; nz /= nl; } else { nx = gx; ny = gy; nz = gz; }
  if (nx * gx + ny * gy + nz * gz < 0) { nx = -nx; ny = -ny; nz = -nz; }
  surface[S_GEOMETRIC] = gx; surface[S_GEOMETRIC + 1] = gy; surface[S_GEOMETRIC + 2] = gz;
  surface[S_NORMAL] = nx; surface[S_NORMAL + 1] = ny; surface[S_NORMAL + 2] = nz;
  // Nudge off the surface by an amount relative to the coordinates' magnitude (float32 vertices round relatively).
  const eps = 1e-4 * (1 + Math.max(Math.abs(px), Math.abs(py), Math.abs(pz)));
  surface[S_ORIGIN] = px + gx * eps; surface[S_ORIGIN + 1] = py + gy * eps; surface[S_ORIGIN + 2] = pz + gz * eps;
  const q = tri * 6;
  textureCoord[0] = w * tuv[q]! + u * tuv[q + 2]! + v * tuv[q + 4]!;
  textureCoord[1] = w * tuv[q + 1]! + u * tuv[q + 3]! + v * tuv[q + 5]!;
  shadeMaterial(s, s.triMaterial[tri]!, front);
}

/** Emitted radiance of `material` at `textureCoord`, seen from its front; written to `texel`. */
export function emissionAt(s: FrameScene, material: number): void {
  const m = s.materials;
  const b = material * MATERIAL_STRIDE;
  const er = m[b + M_EMISSIVE]!, eg = m[b + M_EMISSIVE + 1]!, eb = m[b + M_EMISSIVE + 2]!;
  const emissiveTexture = m[b + M_EMISSIVE_TEXTURE]!;
  if (emissiveTexture >= 0 && er + eg + eb > 0) {
    sampleTexture(s, emissiveTexture);
    texel[0] = er * texel[0]!; texel[1] = eg * texel[1]!; texel[2] = eb * texel[2]!;
  } else {
    texel[0] = er; texel[1] = eg; texel[2] = eb;
  }
}

export function isDoubleSided(s: FrameScene, material: number): boolean {
  return s.materials[material * MATERIAL_STRIDE + M_DOUBLE_SIDED]! > 0;
}
