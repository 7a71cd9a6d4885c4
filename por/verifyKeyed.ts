import { binomialTail, binomialUpperBound } from "./binomial.js";
import { luminance, type Image } from "./image.js";
import { PorError } from "./porError.js";
import { rmsDistance } from "./recordImprints.js";
import type { Region, TaskKey } from "./taskKey.js";

/** The false-accept probability the key-aware detector accepts at most, by default. */
export const DEFAULT_FALSE_ACCEPT = 1e-6;
/** Confidence of the upper bound put on the null model's match rate. */
export const NULL_CONFIDENCE = 0.999;

export interface KeyedOptions {
  /** Largest computed false-accept probability at which a frame is accepted. */
  falseAccept: number;
  /** Fewest regions, as a fraction of the marks, that must match whatever the statistics say. */
  minFraction: number;
}

export const DEFAULT_KEYED_OPTIONS: KeyedOptions = { falseAccept: DEFAULT_FALSE_ACCEPT, minFraction: 0.75 };

export interface KeyedRegion {
  region: Region;
  /** RMS distance (8-bit luminance) between the observed pixels of k_i and the expected imprint. */
  distance: number;
  matched: boolean;
}

export interface KeyedVerdict {
  accepted: boolean;
  /** Regions that matched, and how many had to. */
  matched: number;
  required: number;
  /** Upper bound (at `NULL_CONFIDENCE`) on the chance that one region of a frame without the mark matches. */
  nullRate: number;
  /** P[Binomial(n, nullRate) >= matched]: the chance of a frame without the marks doing as well. */
  falseAccept: number;
  regions: KeyedRegion[];
}

/**
 * The key-aware detector (DESIGN "Two proofs"): it uses what the key knows, each mark's expected imprint in this
 * frame, not only where it is. Each region k_i matches when the RMS distance between its observed luminance and the
 * imprint is within the key's tolerance: a mark's step and pattern must both be there, in place (a shift, a blur or
 * another frame's marks move them). The frame passes when the count of matching regions m would be improbable
 * without the marks: under the null model (each region of an unmarked frame matches independently with probability
 * p, bounded above from the key's null windows), P[Binomial(n, p) >= m] <= `falseAccept`, and at least `minFraction`
 * of the marks match. Independence across regions is an assumption: regions are apart by construction and drawn
 * from the key's secret, so a forger cannot aim at them; see README "Proof-of-Rendering".
 */
export function verifyKeyed(image: Image, key: TaskKey, frame: number, options: Partial<KeyedOptions> = {}): KeyedVerdict {
  const o = { ...DEFAULT_KEYED_OPTIONS, ...options };
  const placement = key.placements.find((p) => p.frame === frame);
  if (key.version !== 2 || !key.detector || !placement?.imprints) {
    throw new PorError("KEY_INCOMPLETE", `the key has no imprints for frame ${frame}: the key-aware detector needs a version 2 key`);
  }
  const lum = luminance(image);
  const { tolerance, nullWindows, nullMatches } = key.detector;
  const regions = placement.regions.map((region, i): KeyedRegion => {
    if (region.x0 < 0 || region.y0 < 0 || region.x1 > image.width || region.y1 > image.height) {
      throw new PorError("IMAGE_INVALID", `region ${i} of frame ${frame} is outside the ${image.width}x${image.height} image`);
    }
    const w = region.x1 - region.x0;
    const h = region.y1 - region.y0;
    const distance = rmsDistance(lum, image.width, region.x0, region.y0, w, h, placement.imprints![i]!);
    return { region, distance, matched: distance <= tolerance };
  });
  const n = regions.length;
  const matched = regions.filter((r) => r.matched).length;
  const nullRate = binomialUpperBound(nullMatches, nullWindows, NULL_CONFIDENCE);
  let required = Math.max(1, Math.ceil(o.minFraction * n));
  while (required <= n && binomialTail(n, required, nullRate) > o.falseAccept) required++;
  const falseAccept = binomialTail(n, matched, nullRate);
  return { accepted: matched >= required && required <= n, matched, required, nullRate, falseAccept, regions };
}
