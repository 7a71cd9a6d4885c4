import { random } from "./random.js";
import { ray } from "./traceRay.js";
import { S_ALPHA, S_BASE, S_METALLIC, S_NDOTV, S_NORMAL, S_SPECULAR_PROBABILITY, S_WO, surface } from "./shadeSurface.js";

/**
 * The glTF metallic-roughness BRDF (spec appendix B): GGX microfacets with separable Smith shadowing and Schlick
 * Fresnel, a Lambert base for the dielectric part, mixed by metallic. Sampling picks the specular lobe (GGX visible
 * normals, Heitz 2018) or the diffuse one (cosine), and every pdf is the mixture's, so light sampling can weigh itself
 * against it (MIS). Works on the shading point in `surface` (view direction in S_WO); inputs and results pass through
the typed arrays below, not arguments, so no double is boxed per call.
 */

/** The incoming-light direction `evalBsdf` evaluates. */
export const incoming = new Float64Array(3);
/** BRDF value (not times cosine) of the last `evalBsdf` or `sampleBsdf`, then the sampling pdf of that direction. */
export const bsdfValue = new Float64Array(4);
export const B_PDF = 3;
/** Direction of the last successful `sampleBsdf` (its pdf is `bsdfValue[B_PDF]`). */
export const sampled = new Float64Array(3);

const INV_PI = 1 / Math.PI;

/** Sets the view direction wo (back along `ray`, which just hit) and chooses the lobe sampling probabilities. */
export function prepareBsdf(): void {
  const wox = -ray[3]!, woy = -ray[4]!, woz = -ray[5]!;
  surface[S_WO] = wox;
  surface[S_WO + 1] = woy;
  surface[S_WO + 2] = woz;
  const ndotv = wox * surface[S_NORMAL]! + woy * surface[S_NORMAL + 1]! + woz * surface[S_NORMAL + 2]!;
  const nv = ndotv > 1e-4 ? ndotv : 1e-4;
  surface[S_NDOTV] = nv;
  const m = surface[S_METALLIC]!;
  const cv = 1 - nv, cv2 = cv * cv;
  const fw = cv2 * cv2 * cv; // Schlick's (1 - cos)^5, multiplied out (Math.pow is slow in the hot loop)
  const r = surface[S_BASE]!, g = surface[S_BASE + 1]!, b = surface[S_BASE + 2]!;
  const baseLum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const fd = 0.04 + 0.96 * fw;
  const specular = (1 - m) * fd + m * (baseLum + (1 - baseLum) * fw);
  const diffuse = (1 - m) * (1 - fd) * baseLum;
  let p = specular + diffuse > 0 ? specular / (specular + diffuse) : 0.5;
  if (diffuse > 0) p = p < 0.1 ? 0.1 : p > 0.9 ? 0.9 : p;
  surface[S_SPECULAR_PROBABILITY] = p;
}

/** BRDF and sampling pdf for light arriving along `incoming` and leaving along wo, into `bsdfValue`. */
export function evalBsdf(): void {
  const wox = surface[S_WO]!, woy = surface[S_WO + 1]!, woz = surface[S_WO + 2]!;
  const wix = incoming[0]!, wiy = incoming[1]!, wiz = incoming[2]!;
  const nx = surface[S_NORMAL]!, ny = surface[S_NORMAL + 1]!, nz = surface[S_NORMAL + 2]!;
  const ndotl = nx * wix + ny * wiy + nz * wiz;
  if (ndotl <= 0) {
    bsdfValue[0] = 0; bsdfValue[1] = 0; bsdfValue[2] = 0; bsdfValue[B_PDF] = 0;
    return;
  }
  const ndotv = surface[S_NDOTV]!;
  let hx = wox + wix, hy = woy + wiy, hz = woz + wiz;
  const hl = Math.sqrt(hx * hx + hy * hy + hz * hz) || 1;
  hx /= hl; hy /= hl; hz /= hl;
  const ndoth = Math.max(0, nx * hx + ny * hy + nz * hz);
  const vdoth = Math.max(0, wox * hx + woy * hy + woz * hz);
  const a2 = surface[S_ALPHA]! * surface[S_ALPHA]!;
  const dd = ndoth * ndoth * (a2 - 1) + 1;
  const d = a2 / (Math.PI * dd * dd);
  const g1v = (2 * ndotv) / (ndotv + Math.sqrt(a2 + (1 - a2) * ndotv * ndotv));
  const g1l = (2 * ndotl) / (ndotl + Math.sqrt(a2 + (1 - a2) * ndotl * ndotl));
  const specular = (d * g1v * g1l) / (4 * ndotl * ndotv);
  const ch = 1 - vdoth, ch2 = ch * ch;
  const fw = ch2 * ch2 * ch;
  const fd = 0.04 + 0.96 * fw;
  const m = surface[S_METALLIC]!;
  const diffuse = (1 - m) * (1 - fd) * INV_PI;
  const dielectric = (1 - m) * fd;
  for (let k = 0; k < 3; k++) {
    const base = surface[S_BASE + k]!;
    bsdfValue[k] = diffuse * base + specular * (dielectric + m * (base + (1 - base) * fw));
  }
  const p = surface[S_SPECULAR_PROBABILITY]!;
  bsdfValue[B_PDF] = p * ((d * g1v) / (4 * ndotv)) + (1 - p) * ndotl * INV_PI;
}

/**
 * Samples an incoming direction for the view direction wo. Returns false when the sample is unusable (below the
 * surface), which ends the path.
 */
export function sampleBsdf(): boolean {
  const wox = surface[S_WO]!, woy = surface[S_WO + 1]!, woz = surface[S_WO + 2]!;
  const nx = surface[S_NORMAL]!, ny = surface[S_NORMAL + 1]!, nz = surface[S_NORMAL + 2]!;
  // Orthonormal basis around n (Duff et al. 2017).
  const sign = nz >= 0 ? 1 : -1;
  const a = -1 / (sign + nz);
  const b = nx * ny * a;
  const tx = 1 + sign * nx * nx * a, ty = sign * b, tz = -sign * nx;
  const bx = b, by = sign + ny * ny * a, bz = -ny;
  let lx: number, ly: number, lz: number;
  const choice = random();
  const u1 = random(), u2 = random();
  if (choice < surface[S_SPECULAR_PROBABILITY]!) {
    const alpha = surface[S_ALPHA]!;
    // View direction in the local frame, stretched to the unit-roughness configuration.
    const vx = wox * tx + woy * ty + woz * tz, vy = wox * bx + woy * by + woz * bz;
    const vz = Math.max(1e-4, wox * nx + woy * ny + woz * nz);
    let hx = alpha * vx, hy = alpha * vy;
    const hz = vz;
    const hlen = Math.sqrt(hx * hx + hy * hy + hz * hz);
    hx /= hlen; hy /= hlen;
    const vhz = hz / hlen;
    const lensq = hx * hx + hy * hy;
    const il = lensq > 0 ? 1 / Math.sqrt(lensq) : 0;
    const t1x = lensq > 0 ? -hy * il : 1, t1y = lensq > 0 ? hx * il : 0;
    const t2x = -vhz * t1y, t2y = vhz * t1x, t2z = hx * t1y - hy * t1x;
    const r = Math.sqrt(u1), phi = 2 * Math.PI * u2;
    const p1 = r * Math.cos(phi);
    const s = 0.5 * (1 + vhz);
    const p2 = (1 - s) * Math.sqrt(1 - p1 * p1) + s * r * Math.sin(phi);
    const pz = Math.sqrt(Math.max(0, 1 - p1 * p1 - p2 * p2));
    let mx = p1 * t1x + p2 * t2x + pz * hx;
    let my = p1 * t1y + p2 * t2y + pz * hy;
    let mz = p2 * t2z + pz * vhz;
    mx *= alpha; my *= alpha; mz = Math.max(0, mz);
    const ml = Math.sqrt(mx * mx + my * my + mz * mz) || 1;
    // Microfacet normal back to world space, then the mirror direction about it.
    const wx = (mx * tx + my * bx + mz * nx) / ml, wy = (mx * ty + my * by + mz * ny) / ml, wz = (mx * tz + my * bz + mz * nz) / ml;
    const vdotm = wox * wx + woy * wy + woz * wz;
    lx = 2 * vdotm * wx - wox; ly = 2 * vdotm * wy - woy; lz = 2 * vdotm * wz - woz;
  } else {
    const r = Math.sqrt(u1), phi = 2 * Math.PI * u2;
    const x = r * Math.cos(phi), y = r * Math.sin(phi), z = Math.sqrt(Math.max(0, 1 - u1));
    lx = x * tx + y * bx + z * nx; ly = x * ty + y * by + z * ny; lz = x * tz + y * bz + z * nz;
  }
  incoming[0] = lx; incoming[1] = ly; incoming[2] = lz;
  evalBsdf();
  if (!(bsdfValue[B_PDF]! > 0)) return false;
  sampled[0] = lx; sampled[1] = ly; sampled[2] = lz;
  return true;
}
