import { luminance, type Image } from "./image.js";
import type { Region } from "./taskKey.js";

/** The WP's acceptance threshold on e_i (§III-E: "we experimentally accept ... when e_i >= 5"). */
export const BASELINE_THRESHOLD = 5;

export interface RegionStatistic {
  region: Region;
  /** Mean Laplacian over the enveloping region v_i (eq. 14) and over k_i (eq. 15). */
  meanEnvelope: number;
  meanRegion: number;
  /** e_i = |mean(v_i) - mean(k_i)| (eq. 16). */
  deviation: number;
  accepted: boolean;
}

export interface BaselineVerdict {
  accepted: boolean;
  regions: RegionStatistic[];
}

/**
 * The WP's noise verification (§III-E, eqs. 12-16): for each distortion region k_i, its enveloping region v_i (k_i
 * grown by its own width and height on every side, so |v_i| = 9 |k_i|, clipped to the frame), the Laplacian means over
 * v_i and k_i, and e_i = |mean(v_i) - mean(k_i)|. A frame passes only when every region reaches the threshold. Kept as
 * the baseline that the key-aware detector is measured against.
 */
export function verifyBaseline(image: Image, regions: readonly Region[], threshold = BASELINE_THRESHOLD): BaselineVerdict {
  const lum = luminance(image);
  const stats = regions.map((k) => regionStatistic(lum, image.width, image.height, k, threshold));
  return { accepted: stats.length > 0 && stats.every((s) => s.accepted), regions: stats };
}

function regionStatistic(lum: Float32Array, width: number, height: number, k: Region, threshold: number): RegionStatistic {
  if (k.x0 < 0 || k.y0 < 0 || k.x1 > width || k.y1 > height || k.x1 <= k.x0 || k.y1 <= k.y0) {
    throw new RangeError(`region (${k.x0},${k.y0})-(${k.x1},${k.y1}) is not inside the ${width}x${height} frame`);
  }
  const dx = k.x1 - k.x0;
  const dy = k.y1 - k.y0;
  const v = { x0: Math.max(0, k.x0 - dx), y0: Math.max(0, k.y0 - dy), x1: Math.min(width, k.x1 + dx), y1: Math.min(height, k.y1 + dy) };
  let sumV = 0;
  let sumK = 0;
  for (let y = v.y0; y < v.y1; y++) {
    for (let x = v.x0; x < v.x1; x++) {
      const l = laplacian(lum, width, height, x, y);
      sumV += l;
      if (x >= k.x0 && x < k.x1 && y >= k.y0 && y < k.y1) sumK += l;
    }
  }
  const meanEnvelope = sumV / ((v.x1 - v.x0) * (v.y1 - v.y0));
  const meanRegion = sumK / (dx * dy);
  const deviation = Math.abs(meanEnvelope - meanRegion);
  return { region: k, meanEnvelope, meanRegion, deviation, accepted: deviation >= threshold };
}

/** The 4-neighbour Laplacian at (x, y), edges replicated. */
function laplacian(lum: Float32Array, width: number, height: number, x: number, y: number): number {
  const at = (px: number, py: number) =>
    lum[Math.min(height - 1, Math.max(0, py)) * width + Math.min(width - 1, Math.max(0, px))]!;
  return at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4 * at(x, y);
}
